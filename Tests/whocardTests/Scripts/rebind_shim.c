/* An LD_PRELOAD shim for whocard's tests: a DNS name that rebinds, and a network that reaches
 * nothing but loopback.
 *
 * getaddrinfo("rebind.test") answers REBIND_FIRST (default 203.0.113.7, a documentation
 * address that looks public) on its first call and 127.0.0.1 on every later one, as a rebinding
 * DNS server with TTL 0 would. Other names go to the real getaddrinfo.
 *
 * connect() to anything but 127.0.0.0/8 or ::1 fails with ENETUNREACH without leaving the
 * machine, so the "public" answer is never contacted. Every rebind.test lookup and every refused
 * connect is appended to the file named by REBIND_LOG.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define SHIM_FLAG 0x40000000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int calls = 0;

static void note(const char *format, const char *value) {
    const char *path = getenv("REBIND_LOG");
    if (!path) return;
    pthread_mutex_lock(&lock);
    FILE *file = fopen(path, "a");
    if (file) {
        fprintf(file, format, value);
        fputc('\n', file);
        fclose(file);
    }
    pthread_mutex_unlock(&lock);
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res) {
    if (node && strcmp(node, "rebind.test") == 0) {
        pthread_mutex_lock(&lock);
        int n = ++calls;
        pthread_mutex_unlock(&lock);
        const char *first = getenv("REBIND_FIRST") ? getenv("REBIND_FIRST") : "203.0.113.7";
        const char *answer = n == 1 ? first : "127.0.0.1";
        note("lookup rebind.test -> %s", answer);
        struct addrinfo *ai = calloc(1, sizeof(struct addrinfo) + sizeof(struct sockaddr_in));
        if (!ai) return EAI_MEMORY;
        struct sockaddr_in *sin = (struct sockaddr_in *)(ai + 1);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(service ? (unsigned short)atoi(service) : 0);
        inet_pton(AF_INET, answer, &sin->sin_addr);
        ai->ai_flags = SHIM_FLAG;
        ai->ai_family = AF_INET;
        ai->ai_socktype = hints && hints->ai_socktype ? hints->ai_socktype : SOCK_STREAM;
        ai->ai_protocol = IPPROTO_TCP;
        ai->ai_addrlen = sizeof(struct sockaddr_in);
        ai->ai_addr = (struct sockaddr *)sin;
        *res = ai;
        return 0;
    }
    int (*real)(const char *, const char *, const struct addrinfo *, struct addrinfo **) =
        dlsym(RTLD_NEXT, "getaddrinfo");
    return real(node, service, hints, res);
}

void freeaddrinfo(struct addrinfo *ai) {
    if (ai && ai->ai_flags == SHIM_FLAG) {
        free(ai);
        return;
    }
    void (*real)(struct addrinfo *) = dlsym(RTLD_NEXT, "freeaddrinfo");
    real(ai);
}

int connect(int fd, const struct sockaddr *address, socklen_t length) {
    char text[INET6_ADDRSTRLEN] = "?";
    int loopback = 0;
    if (address && address->sa_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)address;
        loopback = (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
        inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    } else if (address && address->sa_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)address;
        loopback = IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)
            || (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && sin6->sin6_addr.s6_addr[12] == 127);
        inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
    } else {
        loopback = 1; /* Unix sockets and the like */
    }
    if (!loopback) {
        note("refused connect to %s", text);
        errno = ENETUNREACH;
        return -1;
    }
    int (*real)(int, const struct sockaddr *, socklen_t) = dlsym(RTLD_NEXT, "connect");
    return real(fd, address, length);
}
