// glibc's allocator controls (mallopt), which the Glibc Swift module does not expose.
#include <malloc.h>
