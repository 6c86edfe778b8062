/*
 * dprgen: Mose's dirty-page-rate generator, a sample service for calibration and benchmarks.
 *
 * Holds M MiB of pseudo-random data in one private anonymous mapping and rewrites R random 4 KiB
 * pages per second. Page p always holds page_content(seed, p, version[p]); the version array lives in
 * the process's own memory, so after a CRIU checkpoint/restore every page can be regenerated and
 * compared (CHECK), and a checksum taken before a migration can be compared with one taken after (SUM).
 *
 * One thread, one poll() loop: commands run between page writes, so SUM and CHECK see a consistent
 * state without locks. Nothing here depends on epoll, timerfd or threads, which CRIU would have to
 * restore as well; plain sockets and poll survive a dump/restore with established connections.
 *
 *   dprgen [--state-mb M] [--rate R] [--port P] [--seed S] [--bind ADDR]
 *
 * Line protocol (one command per line, one reply line each): PING, STATS, SUM, CHECK, RATE <n>.
 * Build: gcc -O2 -o dprgen dprgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAGE_BYTES 4096u
#define PAGE_WORDS (PAGE_BYTES / sizeof(uint64_t))
#define MAX_STATE_MB 8192L
#define MAX_RATE 1000000L
#define MAX_CLIENTS 128
#define LINE_MAX_BYTES 256
#define OUT_BYTES 4096
#define NS_PER_S 1000000000LL
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14; older C libraries lack the name */
#endif
/* After a pause (a freeze for a migration, a long CHECK) at most this much writing is caught up, so the
 * pause shows up as missing writes rather than as a burst that would distort the next dirty-rate window. */
#define CATCH_UP_NS (NS_PER_S / 10)

/* ------------------------------------------------------------------ pseudo-random content */

#define GOLDEN 0x9e3779b97f4a7c15ULL

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The start of page p's splitmix64 stream at a version. Mixing twice keeps (p, v) and (p', v') with
 * the same xor from sharing a stream. */
static inline uint64_t page_key(uint64_t seed, uint64_t page, uint32_t version)
{
    return mix64(seed ^ mix64((page << 32) ^ version ^ 0x6a09e667f3bcc909ULL));
}

/* Word i of the stream depends only on (key, i): no carried state, so the CPU overlaps the multiplies
 * of neighbouring words and filling runs near memory speed. */
static void fill_page(uint64_t *dst, uint64_t key)
{
    for (unsigned i = 0; i < PAGE_WORDS; i++)
        dst[i] = mix64(key + (i + 1) * GOLDEN);
}

static int page_matches(const uint64_t *src, uint64_t key)
{
    uint64_t diff = 0;
    for (unsigned i = 0; i < PAGE_WORDS; i++)
        diff |= src[i] ^ mix64(key + (i + 1) * GOLDEN);
    return diff == 0;
}

/* ------------------------------------------------------------------ state */

struct state {
    uint64_t seed;
    long state_mb;
    uint64_t pages;
    uint64_t *data;      /* pages * PAGE_WORDS words, one private anonymous mapping */
    uint32_t *versions;  /* one per page: how often it was rewritten */
    uint64_t pick;       /* xorshift64 state that chooses the next page to rewrite */
    uint64_t writes;
};

static void *map_anonymous(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    /* A 4 KiB write must dirty one 4 KiB page: with transparent huge pages a write would dirty 2 MiB for
     * any tracker that works per mapping entry, and the generated rate would mean nothing. */
    madvise(p, bytes, MADV_NOHUGEPAGE);
    /* Faulting the pages in one call is faster than one fault per page during the fill. Older kernels
     * refuse it; the fill then faults them in itself. */
    madvise(p, bytes, MADV_POPULATE_WRITE);
    return p;
}

static int state_init(struct state *s, uint64_t seed, long state_mb)
{
    s->seed = seed;
    s->state_mb = state_mb;
    s->pages = (uint64_t)state_mb * (1024 * 1024 / PAGE_BYTES);
    s->data = map_anonymous(s->pages * PAGE_BYTES);
    s->versions = map_anonymous(s->pages * sizeof(uint32_t));
    if (s->data == NULL || s->versions == NULL)
        return -1;
    /* Zero would make xorshift stick at zero. */
    s->pick = mix64(seed ^ 0x3c6ef372fe94f82bULL) | 1;
    s->writes = 0;
    for (uint64_t p = 0; p < s->pages; p++)
        fill_page(s->data + p * PAGE_WORDS, page_key(seed, p, 0));
    return 0;
}

static uint64_t next_page(struct state *s)
{
    uint64_t x = s->pick;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    s->pick = x;
    /* Multiply-shift maps x onto [0, pages) without the bias and the division of a modulo. */
    return (uint64_t)(((unsigned __int128)x * s->pages) >> 64);
}

static void rewrite_page(struct state *s)
{
    uint64_t p = next_page(s);
    uint32_t v = ++s->versions[p];
    fill_page(s->data + p * PAGE_WORDS, page_key(s->seed, p, v));
    s->writes++;
}

/* Index of the first page that does not hold its version's content, or pages when all do. */
static uint64_t state_check(const struct state *s)
{
    for (uint64_t p = 0; p < s->pages; p++)
        if (!page_matches(s->data + p * PAGE_WORDS, page_key(s->seed, p, s->versions[p])))
            return p;
    return s->pages;
}

/* Four independent lanes keep the multiply latency off the critical path; the lanes are folded in a
 * fixed order, so the sum depends on every word and its position. */
static void hash_words(uint64_t lane[4], const uint64_t *w, uint64_t n)
{
    const uint64_t k = 0xff51afd7ed558ccdULL;
    uint64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        for (int j = 0; j < 4; j++) {
            uint64_t h = (lane[j] ^ w[i + j]) * k;
            lane[j] = h ^ (h >> 29);
        }
    }
    for (; i < n; i++) {
        uint64_t h = (lane[i & 3] ^ w[i]) * k;
        lane[i & 3] = h ^ (h >> 29);
    }
}

static uint64_t state_sum(const struct state *s)
{
    uint64_t lane[4] = { 1, 2, 3, 4 };
    hash_words(lane, s->data, s->pages * PAGE_WORDS);
    /* Versions go in two to a word (pages is a multiple of 256, so even). */
    for (uint64_t p = 0; p < s->pages; p += 8) {
        uint64_t w[4];
        for (int j = 0; j < 4; j++)
            w[j] = s->versions[p + 2 * j] | (uint64_t)s->versions[p + 2 * j + 1] << 32;
        hash_words(lane, w, 4);
    }
    uint64_t sum = mix64(s->pages);
    for (int j = 0; j < 4; j++)
        sum = mix64(sum ^ lane[j]);
    return sum;
}

/* ------------------------------------------------------------------ pacing */

struct pacer {
    long rate;               /* pages per second; 0 pauses */
    int64_t last_ns;         /* CLOCK_MONOTONIC of the last tick */
    double owed;             /* pages due but not yet written */
    int64_t uptime_ns;       /* sum of the ticks' forward steps */
    int64_t window_ns;       /* the current 1 s rate window */
    uint64_t window_writes;
    double achieved;         /* pages per second over the last full window */
};

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * NS_PER_S + t.tv_nsec;
}

static void pacer_set_rate(struct pacer *pc, long rate)
{
    pc->rate = rate;
    /* A new rate starts from now: neither a leftover fraction nor the time spent at the old rate counts. */
    pc->owed = 0;
}

/* Writes the pages due since the last tick. */
static void pacer_tick(struct pacer *pc, struct state *s)
{
    int64_t now = now_ns();
    int64_t step = now - pc->last_ns;
    pc->last_ns = now;
    /* CRIU restores the process into a time namespace whose monotonic clock goes on from the dump, so
     * only the freeze before the dump shows up here, as a pause. Without one (an older CRIU or kernel) the
     * clock of another host may stand anywhere: a step back counts as none, a step forward as a pause. */
    if (step < 0)
        step = 0;
    pc->uptime_ns += step;

    if (pc->rate > 0) {
        pc->owed += (double)pc->rate * (double)step / NS_PER_S;
        /* At least one page, or a slow rate's cap would stop owed from ever reaching a whole page. */
        double cap = (double)pc->rate * CATCH_UP_NS / NS_PER_S;
        if (cap < 1)
            cap = 1;
        if (pc->owed > cap)
            pc->owed = cap;
        while (pc->owed >= 1) {
            rewrite_page(s);
            pc->owed -= 1;
            pc->window_writes++;
        }
    }

    pc->window_ns += step;
    if (pc->window_ns >= NS_PER_S) {
        pc->achieved = (double)pc->window_writes * NS_PER_S / (double)pc->window_ns;
        pc->window_ns = 0;
        pc->window_writes = 0;
    }
}

/* How long poll may wait: until the next page is due, between 1 ms and 100 ms. */
static int pacer_timeout_ms(const struct pacer *pc)
{
    if (pc->rate <= 0)
        return 100;
    double ms = (1 - pc->owed) * 1000.0 / (double)pc->rate;
    return ms < 1 ? 1 : ms > 100 ? 100 : (int)ms;
}

/* ------------------------------------------------------------------ clients */

struct client {
    int fd;
    char in[LINE_MAX_BYTES];
    size_t in_len;
    int discarding;          /* inside a line that was too long: drop it up to its newline */
    char out[OUT_BYTES];
    size_t out_len;
};

static struct client clients[MAX_CLIENTS];
static int client_count;
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static void reply(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reply(struct client *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->out + c->out_len, sizeof c->out - c->out_len, fmt, ap);
    va_end(ap);
    /* Input is only read while a whole reply fits (see can_take_input), so this never truncates. */
    if (n > 0 && (size_t)n < sizeof c->out - c->out_len)
        c->out_len += (size_t)n;
}

static int can_take_input(const struct client *c)
{
    return sizeof c->out - c->out_len > LINE_MAX_BYTES;
}

static int parse_long(const char *text, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static void run_command(struct client *c, char *line, struct state *s, struct pacer *pc)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = '\0';

    if (strcasecmp(line, "PING") == 0) {
        reply(c, "PONG\n");
    } else if (strcasecmp(line, "STATS") == 0) {
        reply(c, "writes=%" PRIu64 " rate=%ld achieved=%.1f state_mb=%ld pages=%" PRIu64
              " uptime_ms=%" PRId64 "\n", s->writes, pc->rate, pc->achieved, s->state_mb, s->pages,
              pc->uptime_ns / 1000000);
    } else if (strcasecmp(line, "SUM") == 0) {
        reply(c, "sum=%016" PRIx64 " writes=%" PRIu64 "\n", state_sum(s), s->writes);
    } else if (strcasecmp(line, "CHECK") == 0) {
        uint64_t bad = state_check(s);
        if (bad == s->pages)
            reply(c, "ok pages=%" PRIu64 "\n", s->pages);
        else
            reply(c, "bad page=%" PRIu64 "\n", bad);
    } else if (strncasecmp(line, "RATE ", 5) == 0) {
        long rate;
        if (parse_long(line + 5, 0, MAX_RATE, &rate) != 0) {
            reply(c, "err rate must be 0..%ld pages/s\n", MAX_RATE);
        } else {
            pacer_set_rate(pc, rate);
            reply(c, "ok\n");
        }
    } else {
        reply(c, "err unknown command\n");
    }
}

/* Runs every complete line in the client's input buffer while replies fit. */
static void run_lines(struct client *c, struct state *s, struct pacer *pc)
{
    while (can_take_input(c)) {
        char *nl = memchr(c->in, '\n', c->in_len);
        if (nl == NULL)
            break;
        *nl = '\0';
        if (c->discarding)
            c->discarding = 0;
        else
            run_command(c, c->in, s, pc);
        size_t used = (size_t)(nl - c->in) + 1;
        memmove(c->in, nl + 1, c->in_len - used);
        c->in_len -= used;
    }
    /* A full buffer without a newline: the line is too long. Said once, when the reply fits. */
    if (can_take_input(c) && c->in_len == sizeof c->in && memchr(c->in, '\n', c->in_len) == NULL) {
        if (!c->discarding)
            reply(c, "err line too long\n");
        c->discarding = 1;
        c->in_len = 0;
    }
}

static void close_client(int i)
{
    close(clients[i].fd);
    clients[i] = clients[--client_count];
}

/* Returns -1 when the client is gone. */
static int client_read(struct client *c, struct state *s, struct pacer *pc)
{
    if (!can_take_input(c))
        return 0;
    ssize_t n = recv(c->fd, c->in + c->in_len, sizeof c->in - c->in_len, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return -1;
    if (n > 0) {
        c->in_len += (size_t)n;
        run_lines(c, s, pc);
    }
    return 0;
}

static int client_flush(struct client *c, struct state *s, struct pacer *pc)
{
    if (c->out_len == 0)
        return 0;
    ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -1;
    memmove(c->out, c->out + n, c->out_len - (size_t)n);
    c->out_len -= (size_t)n;
    /* Lines held back while the output was full can run now. */
    run_lines(c, s, pc);
    return 0;
}

static void accept_clients(int listener)
{
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        if (client_count == MAX_CLIENTS) {
            static const char full[] = "err too many clients\n";
            send(fd, full, sizeof full - 1, MSG_NOSIGNAL);
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        memset(&clients[client_count], 0, sizeof clients[client_count]);
        clients[client_count++].fd = fd;
    }
}

/* ------------------------------------------------------------------ main */

struct options {
    long state_mb, rate, port;
    uint64_t seed;
    const char *bind;
};

static void usage(void)
{
    fprintf(stderr, "usage: dprgen [--state-mb 1..%ld] [--rate 0..%ld] [--port 0..65535] [--seed N] "
            "[--bind ADDR]\n  defaults: --state-mb 64 --rate 0 --port 7070 --seed 1 --bind 0.0.0.0; "
            "--port 0 picks a free port\n", MAX_STATE_MB, MAX_RATE);
}

static int parse_options(int argc, char **argv, struct options *o)
{
    *o = (struct options){ .state_mb = 64, .rate = 0, .port = 7070, .seed = 1, .bind = "0.0.0.0" };
    for (int i = 1; i < argc; i += 2) {
        const char *name = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (value == NULL)
            bad = 1;
        else if (strcmp(name, "--state-mb") == 0)
            bad = parse_long(value, 1, MAX_STATE_MB, &o->state_mb);
        else if (strcmp(name, "--rate") == 0)
            bad = parse_long(value, 0, MAX_RATE, &o->rate);
        else if (strcmp(name, "--port") == 0)
            bad = parse_long(value, 0, 65535, &o->port);
        else if (strcmp(name, "--seed") == 0) {
            char *end;
            errno = 0;
            o->seed = strtoull(value, &end, 0);
            bad = errno != 0 || end == value || *end != '\0';
        } else if (strcmp(name, "--bind") == 0)
            o->bind = value;
        else
            bad = 1;
        if (bad) {
            fprintf(stderr, "dprgen: bad option %s %s\n", name, value ? value : "(no value)");
            return -1;
        }
    }
    return 0;
}

static int listen_on(const char *address, long port, long *bound_port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, address, &a.sin_addr) != 1) {
        fprintf(stderr, "dprgen: '%s' is not an IPv4 address\n", address);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    socklen_t len = sizeof a;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0
        || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0
        || getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        fprintf(stderr, "dprgen: cannot listen on %s:%ld: %s\n", address, port, strerror(errno));
        return -1;
    }
    *bound_port = ntohs(a.sin_port);
    return fd;
}

int main(int argc, char **argv)
{
    struct options o;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage();
        return 0;
    }
    if (parse_options(argc, argv, &o) != 0) {
        usage();
        return 2;
    }

    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* Fill first, then listen: a connection waiting in the backlog while the state fills is "in flight",
     * and CRIU refuses to dump a process holding one. Mose's deploy waits for the port to answer. */
    struct state s;
    int64_t fill_start = now_ns();
    if (state_init(&s, o.seed, o.state_mb) != 0) {
        fprintf(stderr, "dprgen: cannot map %ld MiB: %s\n", o.state_mb, strerror(errno));
        return 1;
    }
    long port;
    int listener = listen_on(o.bind, o.port, &port);
    if (listener < 0)
        return 1;

    struct pacer pc = { .last_ns = now_ns() };
    pc.uptime_ns = pc.last_ns - fill_start;
    pacer_set_rate(&pc, o.rate);
    printf("dprgen: pid %d listening on %s:%ld, state %ld MiB (%" PRIu64 " pages) filled in %" PRId64
           " ms, rate %ld pages/s, seed %" PRIu64 "\n", (int)getpid(), o.bind, port, o.state_mb, s.pages,
           (pc.last_ns - fill_start) / 1000000, o.rate, o.seed);
    fflush(stdout);

    struct pollfd fds[MAX_CLIENTS + 1];
    while (!stopping) {
        fds[0] = (struct pollfd){ .fd = listener, .events = POLLIN };
        for (int i = 0; i < client_count; i++) {
            short events = can_take_input(&clients[i]) ? POLLIN : 0;
            if (clients[i].out_len > 0)
                events |= POLLOUT;
            fds[i + 1] = (struct pollfd){ .fd = clients[i].fd, .events = events };
        }
        int nfds = client_count + 1;
        int ready = poll(fds, (nfds_t)nfds, pacer_timeout_ms(&pc));
        if (ready < 0 && errno != EINTR) {
            perror("dprgen: poll");
            return 1;
        }
        pacer_tick(&pc, &s);
        if (ready <= 0)
            continue;

        /* Backwards: close_client moves the last client into the freed slot, which was already seen. */
        for (int i = nfds - 2; i >= 0; i--) {
            short ev = fds[i + 1].revents;
            int gone = (ev & (POLLERR | POLLNVAL)) != 0;
            if (!gone && (ev & (POLLIN | POLLHUP)))
                gone = client_read(&clients[i], &s, &pc) != 0;
            if (!gone)
                gone = client_flush(&clients[i], &s, &pc) != 0;
            if (gone)
                close_client(i);
        }
        if (fds[0].revents & POLLIN)
            accept_clients(listener);
    }

    printf("dprgen: stopping after %" PRIu64 " writes\n", s.writes);
    return 0;
}
