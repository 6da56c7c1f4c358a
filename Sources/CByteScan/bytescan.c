// Everything is in the header (static inline, inlined into Swift); SwiftPM needs one source file.
#include "parcours_bytescan.h"
