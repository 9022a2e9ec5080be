// Fuzz target of HttpRequestFramer. Beyond "no crash, no undefined
// behaviour", it checks the property the connection guard relies on: the
// events do not depend on how the stream is cut into segments. The input is
// fed whole, then in pieces of random sizes (seeded from the input, so a
// finding replays), then byte by byte, under the default limits and under
// tight ones that the input also chooses; every run must give the same
// events at the same absolute offsets and end in the same state.
#include "gateway/http/HttpRequestFramer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using aegis::HttpRequestFramer;
using Event = HttpRequestFramer::Event;
using Kind = HttpRequestFramer::Event::Kind;

struct Outcome
{
    std::vector<Event> events; // offsets made absolute
    bool inMessage = false;
    bool inBody = false;
    bool failed = false;
    qint64 bodyBytes = 0;
    int completed = 0;
};

void require(bool condition, const char *property)
{
    if (!condition) {
        std::fprintf(stderr, "HttpRequestFramer property violated: %s\n", property);
        std::abort();
    }
}

// Deterministic on purpose: the same input must split the same way when a
// crash file is replayed.
class SplitRng
{
public:
    explicit SplitRng(quint64 seed)
        : m_state(seed | 1)
    {
    }

    quint64 next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state;
    }

private:
    quint64 m_state;
};

quint64 fnv1a(QByteArrayView bytes)
{
    quint64 hash = 14695981039346656037ull;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ull;
    }
    return hash;
}

template <typename NextSize>
Outcome run(QByteArrayView input, const HttpRequestFramer::Limits &limits, NextSize nextSize)
{
    HttpRequestFramer framer(limits);
    Outcome outcome;
    qsizetype position = 0;
    while (position < input.size()) {
        const qsizetype size = std::min<qsizetype>(nextSize(), input.size() - position);
        for (Event &event : framer.feed(input.sliced(position, size))) {
            require(event.offset >= 0 && event.offset <= size, "offset within the fed bytes");
            event.offset += position;
            outcome.events.push_back(std::move(event));
        }
        position += size;
    }
    outcome.inMessage = framer.inMessage();
    outcome.inBody = framer.inBody();
    outcome.failed = framer.failed();
    outcome.bodyBytes = framer.bodyBytesReceived();
    outcome.completed = framer.completedMessages();
    if (outcome.failed)
        require(framer.feed("GET / HTTP/1.1\r\n\r\n").empty(), "feeds after Failed are ignored");
    return outcome;
}

bool sameHead(const HttpRequestFramer::Head &a, const HttpRequestFramer::Head &b)
{
    return a.method == b.method && a.target == b.target && a.httpMinor == b.httpMinor
        && a.contentLength == b.contentLength && a.chunked == b.chunked && a.keepAlive == b.keepAlive
        && a.expectContinue == b.expectContinue && a.upgrade == b.upgrade;
}

void requireSame(const Outcome &a, const Outcome &b)
{
    require(a.events.size() == b.events.size(), "same number of events however the input is split");
    for (std::size_t i = 0; i < a.events.size(); ++i) {
        const Event &x = a.events[i];
        const Event &y = b.events[i];
        require(x.kind == y.kind, "same event kinds however the input is split");
        require(x.offset == y.offset, "same absolute offsets however the input is split");
        require(x.failure == y.failure && x.reason == y.reason, "same failures however the input is split");
        require(sameHead(x.head, y.head), "same heads however the input is split");
    }
    require(a.inMessage == b.inMessage && a.inBody == b.inBody && a.failed == b.failed && a.bodyBytes == b.bodyBytes
                && a.completed == b.completed,
            "same final state however the input is split");
}

void requireWellFormed(const Outcome &outcome, qint64 size, const HttpRequestFramer::Limits &limits)
{
    Kind expected = Kind::MessageBegin; // the next non-failure event
    qint64 lastOffset = 0;
    int completed = 0;
    for (std::size_t i = 0; i < outcome.events.size(); ++i) {
        const Event &event = outcome.events[i];
        require(event.offset >= lastOffset, "offsets never go back");
        lastOffset = event.offset;
        if (event.kind == Kind::Failed) {
            require(i + 1 == outcome.events.size(), "Failed is the last event");
            require(event.failure != HttpRequestFramer::Failure::None, "Failed says why");
            require(!event.reason.isEmpty(), "Failed has a reason");
            require(event.offset < size, "Failed points at a byte");
            continue;
        }
        require(event.kind == expected, "begin, head, complete, in that order");
        switch (event.kind) {
        case Kind::MessageBegin:
            require(event.offset < size, "MessageBegin points at a byte");
            expected = Kind::HeadComplete;
            break;
        case Kind::HeadComplete:
            require(event.head.contentLength <= limits.maxBodyBytes, "a head past the body limit is refused");
            require(!(event.head.chunked && event.head.contentLength >= 0), "never both framings");
            require(!event.head.method.isEmpty() && !event.head.target.isEmpty(), "a head has a method and target");
            expected = Kind::MessageComplete;
            break;
        case Kind::MessageComplete:
            ++completed;
            expected = Kind::MessageBegin;
            break;
        case Kind::Failed:
            break;
        }
    }
    require(completed == outcome.completed, "completedMessages counts MessageComplete events");
    require(outcome.failed == (!outcome.events.empty() && outcome.events.back().kind == Kind::Failed),
            "failed() matches the events");
    require(outcome.bodyBytes >= 0 && outcome.bodyBytes <= limits.maxBodyBytes, "body within the limit");
    require(!outcome.inBody || outcome.inMessage, "in a body only inside a message");
}

void checkSplitInvariance(QByteArrayView input, const HttpRequestFramer::Limits &limits, quint64 seed)
{
    const Outcome whole = run(input, limits, [&] { return input.size(); });
    requireWellFormed(whole, input.size(), limits);

    SplitRng small(seed);
    requireSame(whole, run(input, limits, [&] { return qsizetype(1 + small.next() % 8); }));
    SplitRng mixed(seed ^ 0x9e3779b97f4a7c15ull);
    requireSame(whole, run(input, limits, [&] {
        const quint64 r = mixed.next();
        return qsizetype(r % 4 == 0 ? 1 + (r >> 8) % 512 : 1 + (r >> 8) % 3);
    }));
    if (input.size() <= 4096)
        requireSame(whole, run(input, limits, [] { return qsizetype(1); }));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const quint64 seed = fnv1a(input);

    checkSplitInvariance(input, HttpRequestFramer::Limits{}, seed);

    // Tight limits make the limit paths reachable with small inputs.
    HttpRequestFramer::Limits tight;
    tight.maxHeaderBytes = 16 + qint64(seed % 256);
    tight.maxBodyBytes = qint64((seed >> 8) % 64);
    tight.maxHeaderCount = int((seed >> 16) % 6);
    checkSplitInvariance(input, tight, seed);
    return 0;
}
