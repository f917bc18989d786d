// The Linux calls Glibc's Swift module leaves out: epoll, eventfd, malloc_trim, and naming a thread.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <malloc.h>

// prctl is variadic, which Swift cannot call.
static inline int clinux_name_current_thread(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}
