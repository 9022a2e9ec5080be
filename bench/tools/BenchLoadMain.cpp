// aegis-bench-load: an HTTP load generator for the benchmark scripts.
//
//   aegis-bench-load --url http://127.0.0.1:PORT/PATH [--rate R] [--duration S]
//                    [--connections C] [--authorize TOKENS_FILE] [--bearer TOKEN]
//
// --rate R > 0 is open loop: request i is due at start + i / R whether or
// not earlier answers came back, and its latency is measured from that
// intended time, not from when a free connection let it go out. A closed-
// loop tool (wrk) waits for each answer before it sends the next on that
// connection, so a stalled server also stalls the load and the stall is
// counted once instead of for every request that should have been sent
// during it ("coordinated omission"). Due requests wait for one of at most
// C keep-alive connections; the wait is part of their latency.
// --rate 0 is closed loop: C connections each send as soon as the previous
// answer arrived (a throughput measurement, latency from the send).
//
// --authorize sends POST /v1/authorize bodies like bench/authorize.lua, one
// agent token per line of TOKENS_FILE, rotating; otherwise GET.
// Output: one line of key=value for the scripts (latencies in ms; a request
// not answered within 5 s after the end counts as taking the whole run).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/health";
    double rate = 0;
    double duration = 10;
    int connections = 16;
    std::vector<std::string> tokens; // --authorize
    bool authorize = false;
    std::string bearer;
};

// One keep-alive connection with at most one request in flight.
struct Connection {
    int fd = -1;
    bool connected = false;
    bool busy = false;
    Clock::time_point due;  // intended send time of the request in flight
    std::string out;        // bytes still to write
    std::string in;         // bytes of the answer read so far
};

struct Tally {
    std::vector<double> latenciesMs;
    long long sent = 0;
    long long non2xx = 0;
    long long socketErrors = 0;
};

double ms(Clock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

bool parseUrl(const std::string &url, Options &options)
{
    const std::string prefix = "http://";
    if (url.compare(0, prefix.size(), prefix) != 0)
        return false;
    const std::string rest = url.substr(prefix.size());
    const size_t slash = rest.find('/');
    const std::string hostPort = rest.substr(0, slash);
    options.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const size_t colon = hostPort.rfind(':');
    if (colon == std::string::npos)
        return false;
    options.host = hostPort.substr(0, colon);
    options.port = std::atoi(hostPort.c_str() + colon + 1);
    return options.port > 0;
}

std::string request(const Options &options, long long n)
{
    std::string head;
    if (!options.authorize) {
        head = "GET " + options.path + " HTTP/1.1\r\nHost: " + options.host + "\r\n";
        if (!options.bearer.empty())
            head += "Authorization: Bearer " + options.bearer + "\r\n";
        return head + "\r\n";
    }
    // The body of bench/authorize.lua: a new resource and page per request.
    char body[512];
    const int length = std::snprintf(body, sizeof body,
        "{\"request_id\":null,\"user\":{\"id\":\"bench\"},\"tool_call\":{\"tool\":\"github\","
        "\"action\":\"list_pull_requests\",\"resource\":\"repo#%lld\",\"mutates_state\":%s,"
        "\"parameters\":{\"page\":%lld}},\"context\":{\"source_trust\":\"trusted_internal_signed\"},"
        "\"trace\":{\"run_id\":\"bench\"}}",
        n, n % 3 == 0 ? "true" : "false", n);
    const std::string &token = options.tokens[size_t(n) % options.tokens.size()];
    head = "POST /v1/authorize HTTP/1.1\r\nHost: " + options.host + "\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
    return head + std::string(body, size_t(length));
}

// Length of the complete answer at the start of `in`, 0 while incomplete;
// sets status and whether the server closes the connection after it.
size_t completeAnswer(const std::string &in, int &status, bool &closes)
{
    const size_t headEnd = in.find("\r\n\r\n");
    if (headEnd == std::string::npos)
        return 0;
    status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
    std::string head = in.substr(0, headEnd);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    closes = head.find("\r\nconnection: close") != std::string::npos;
    const size_t bodyStart = headEnd + 4;
    if (const size_t at = head.find("\r\ncontent-length:"); at != std::string::npos)
        return in.size() >= bodyStart + size_t(std::atoll(head.c_str() + at + 17)) ? bodyStart + size_t(std::atoll(head.c_str() + at + 17)) : 0;
    if (head.find("\r\ntransfer-encoding: chunked") == std::string::npos)
        return bodyStart; // no body (204, 304) or none announced
    size_t at = bodyStart;
    for (;;) {
        const size_t lineEnd = in.find("\r\n", at);
        if (lineEnd == std::string::npos)
            return 0;
        const size_t size = std::strtoul(in.c_str() + at, nullptr, 16);
        if (size == 0) {
            const size_t end = in.find("\r\n\r\n", lineEnd);
            return end == std::string::npos ? 0 : end + 4;
        }
        at = lineEnd + 2 + size + 2;
        if (in.size() < at)
            return 0;
    }
}

bool openConnection(const Options &options, int epoll, Connection &c)
{
    c = Connection{};
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0)
        return false;
    const int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(options.port));
    ::inet_pton(AF_INET, options.host.c_str(), &address.sin_addr);
    if (::connect(c.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 && errno != EINPROGRESS) {
        ::close(c.fd);
        c.fd = -1;
        return false;
    }
    epoll_event event{};
    event.events = EPOLLIN | EPOLLOUT | EPOLLET;
    event.data.ptr = &c;
    return ::epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &event) == 0;
}

void closeConnection(Connection &c)
{
    if (c.fd >= 0)
        ::close(c.fd);
    c.fd = -1;
    c.connected = false;
}

// Writes what is pending; false on a socket error.
bool flush(Connection &c)
{
    while (!c.out.empty()) {
        const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK;
        c.out.erase(0, size_t(n));
    }
    return true;
}

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    const size_t rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

int usage()
{
    std::fprintf(stderr, "usage: aegis-bench-load --url http://HOST:PORT/PATH [--rate R] [--duration S] "
                         "[--connections C] [--authorize TOKENS_FILE] [--bearer TOKEN]\n");
    return 2;
}

int run(const Options &options)
{
    const int epoll = ::epoll_create1(EPOLL_CLOEXEC);
    // A deque: connections are pointed to by epoll and must not move.
    std::deque<Connection> connections(size_t(options.connections));
    for (Connection &c : connections) {
        if (!openConnection(options, epoll, c)) {
            std::fprintf(stderr, "cannot connect to %s:%d: %s\n", options.host.c_str(), options.port, std::strerror(errno));
            return 1;
        }
    }
    Tally tally;
    std::deque<Clock::time_point> waiting; // due, not yet sent (open loop)
    const bool open = options.rate > 0;
    const auto start = Clock::now();
    const auto stop = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration));
    const auto grace = stop + std::chrono::seconds(5);
    long long scheduled = 0;
    const auto dueOf = [&](long long i) {
        return start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(double(i) / options.rate));
    };

    // A request in flight on a broken connection is lost (counted as an
    // error); the slot gets a new connection for the next one.
    const auto reopen = [&](Connection &c) {
        if (c.busy)
            ++tally.socketErrors;
        c.busy = false;
        closeConnection(c);
        openConnection(options, epoll, c);
    };
    const auto send = [&](Connection &c, Clock::time_point due) {
        c.busy = true;
        c.due = due;
        c.in.clear();
        c.out = request(options, tally.sent++);
        if (c.connected && !flush(c))
            reopen(c);
    };
    const auto dispatch = [&](Clock::time_point now) {
        if (open) {
            while (now < stop && dueOf(scheduled) <= now)
                waiting.push_back(dueOf(scheduled++));
            for (Connection &c : connections) {
                if (waiting.empty())
                    break;
                if (!c.busy && c.fd >= 0) {
                    send(c, waiting.front());
                    waiting.pop_front();
                }
            }
        } else if (now < stop) {
            for (Connection &c : connections) {
                if (!c.busy && c.fd >= 0)
                    send(c, now);
            }
        }
    };

    std::vector<epoll_event> events(256);
    for (;;) {
        auto now = Clock::now();
        dispatch(now);
        const bool inFlight = std::any_of(connections.begin(), connections.end(), [](const Connection &c) { return c.busy; });
        if (now >= stop && ((!inFlight && waiting.empty()) || now >= grace))
            break;
        int timeoutMs = 100;
        if (open && now < stop)
            timeoutMs = std::max(0, int(std::ceil(ms(dueOf(scheduled) - now))));
        const int n = ::epoll_wait(epoll, events.data(), int(events.size()), std::min(timeoutMs, 100));
        now = Clock::now();
        for (int e = 0; e < n; ++e) {
            Connection &c = *static_cast<Connection *>(events[size_t(e)].data.ptr);
            if (events[size_t(e)].events & (EPOLLERR | EPOLLHUP)) {
                reopen(c);
                continue;
            }
            if (events[size_t(e)].events & EPOLLOUT) {
                c.connected = true;
                if (!flush(c)) {
                    reopen(c);
                    continue;
                }
            }
            if (!(events[size_t(e)].events & EPOLLIN))
                continue;
            char buffer[16384];
            bool closed = false;
            for (;;) {
                const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
                if (got > 0) {
                    c.in.append(buffer, size_t(got));
                    continue;
                }
                closed = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
                break;
            }
            int status = 0;
            bool closes = false;
            if (c.busy) {
                if (const size_t length = completeAnswer(c.in, status, closes); length > 0) {
                    const auto done = Clock::now();
                    tally.latenciesMs.push_back(ms(done - c.due));
                    if (status < 200 || status > 299)
                        ++tally.non2xx;
                    c.busy = false;
                    c.in.erase(0, length);
                }
            }
            if (closed || closes)
                reopen(c);
        }
    }
    const double seconds = ms(std::min(Clock::now(), grace) - start) / 1000.0;
    const long long answered = (long long)tally.latenciesMs.size();
    // Not answered, lost, or due and never sent: at least as slow as the
    // whole run, so that it shows in the percentiles rather than vanish.
    const long long unanswered = tally.sent + (long long)waiting.size() - answered - tally.socketErrors;
    std::vector<double> all = tally.latenciesMs;
    all.insert(all.end(), size_t(unanswered + tally.socketErrors), ms(grace - start));
    const double window = open ? options.duration : std::max(options.duration, 1e-9);
    std::printf("offered=%.0f sent=%lld answered=%lld non2xx=%lld socket_errors=%lld unanswered=%lld seconds=%.3f "
                "rate=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
        options.rate, tally.sent, answered, tally.non2xx, tally.socketErrors, unanswered, seconds,
        double(answered) / window, percentile(all, 50), percentile(all, 90), percentile(all, 99), percentile(all, 100));
    for (Connection &c : connections)
        closeConnection(c);
    ::close(epoll);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    bool haveUrl = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            return usage();
        const std::string value = argv[++i];
        if (arg == "--url")
            haveUrl = parseUrl(value, options);
        else if (arg == "--rate")
            options.rate = std::atof(value.c_str());
        else if (arg == "--duration")
            options.duration = std::atof(value.c_str());
        else if (arg == "--connections")
            options.connections = std::max(1, std::atoi(value.c_str()));
        else if (arg == "--bearer")
            options.bearer = value;
        else if (arg == "--authorize") {
            options.authorize = true;
            std::ifstream file(value);
            for (std::string line; std::getline(file, line);) {
                if (!line.empty())
                    options.tokens.push_back(line);
            }
            if (options.tokens.empty()) {
                std::fprintf(stderr, "no tokens in %s\n", value.c_str());
                return 2;
            }
        } else
            return usage();
    }
    if (!haveUrl || options.duration <= 0)
        return usage();
    return run(options);
}
