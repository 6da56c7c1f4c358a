// The stack left to the calling thread, from glibc's pthread_getattr_np (a GNU extension the
// Glibc Swift module does not expose). Used to decide whether a statement may run on the caller's
// thread (see QueryThread.swift).
#ifndef PARCOURS_THREAD_STACK_H
#define PARCOURS_THREAD_STACK_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/// Bytes between the current stack position and the lowest address of this thread's stack;
/// 0 when the stack's bounds are unknown.
static inline size_t parcours_available_stack(void) {
#ifdef __linux__
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return 0;
    void *low = NULL;
    size_t size = 0;
    int status = pthread_attr_getstack(&attributes, &low, &size);
    pthread_attr_destroy(&attributes);
    if (status != 0 || low == NULL) return 0;
    char marker = 0;
    uintptr_t here = (uintptr_t)&marker, bottom = (uintptr_t)low;
    return here > bottom ? (size_t)(here - bottom) : 0;
#else
    return 0;
#endif
}
#endif
