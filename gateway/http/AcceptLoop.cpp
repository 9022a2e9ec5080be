#include "gateway/http/AcceptLoop.h"

#include "gateway/GatewayLogging.h"
#include "gateway/http/HttpResponse.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace aegis {

namespace {

// Connections taken per wake-up: a flood of connects must not keep the
// event loop from answering the requests already accepted.
constexpr int AcceptsPerWakeup = 64;

QString openFileLimit()
{
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return QStringLiteral("unknown");
    return QString::number(qulonglong(limit.rlim_cur));
}

} // namespace

AcceptLoop::AcceptLoop(qintptr listeningSocket, std::function<void(qintptr)> accepted, std::function<int()> shedIdle,
                       QObject *parent)
    : QObject(parent)
    , m_listening(listeningSocket)
    , m_accepted(std::move(accepted))
    , m_shedIdle(std::move(shedIdle))
{
    openReserve();
    m_notifier = new QSocketNotifier(m_listening, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &AcceptLoop::onReadable);
    m_backoff.setSingleShot(true);
    m_backoff.setInterval(Backoff);
    connect(&m_backoff, &QTimer::timeout, this, [this] {
        if (m_notifier && !m_paused)
            m_notifier->setEnabled(true);
    });
}

AcceptLoop::~AcceptLoop()
{
    stop();
    closeReserve();
}

void AcceptLoop::pause()
{
    m_paused = true;
    if (m_notifier)
        m_notifier->setEnabled(false);
}

void AcceptLoop::resume()
{
    m_paused = false;
    if (m_notifier && !m_backoff.isActive())
        m_notifier->setEnabled(true);
}

void AcceptLoop::stop()
{
    m_backoff.stop();
    delete m_notifier;
    m_notifier = nullptr;
}

void AcceptLoop::onReadable()
{
    for (int i = 0; i < AcceptsPerWakeup && m_notifier && m_notifier->isEnabled(); ++i) {
        const int descriptor = ::accept4(int(m_listening), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor >= 0) {
            m_accepted(descriptor);
            continue;
        }
        switch (errno) {
        case EINTR:
        case ECONNABORTED: // the client left before we took it
        case EPROTO:
        case EPERM:        // refused by a firewall rule after the handshake
            continue;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:
            onDescriptorsExhausted(errno);
            return;
        default: // EAGAIN: nothing more waiting
            return;
        }
    }
}

void AcceptLoop::onDescriptorsExhausted(int error)
{
    closeReserve();
    // Constant text per cause, so that the throttle can count repeats.
    m_exhaustedLog.warn(lcHttp(), QStringLiteral("out of file descriptors accepting a connection (%1; open-file "
                                                 "limit %2): pausing new connections for %3 ms and closing idle ones")
                                      .arg(QString::fromLocal8Bit(std::strerror(error)), openFileLimit())
                                      .arg(Backoff.count()));
    if (m_notifier)
        m_notifier->setEnabled(false);
    m_backoff.start();
    if (m_shedIdle() == 0)
        refuseOneWaiting();
    openReserve();
}

void AcceptLoop::refuseOneWaiting()
{
    // The reserve made room for exactly this: take the oldest waiting
    // client, tell it, and let it go.
    const int descriptor = ::accept4(int(m_listening), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (descriptor >= 0) {
        const QByteArray bytes = HttpResponse::refusalBytes(503, QStringLiteral("out of file descriptors; retry shortly"), 1);
        // Best effort: a client that cannot take these few bytes at once gets a reset.
        [[maybe_unused]] const ssize_t written = ::send(descriptor, bytes.constData(), size_t(bytes.size()),
                                                        MSG_NOSIGNAL | MSG_DONTWAIT);
        ::close(descriptor);
    }
}

void AcceptLoop::openReserve()
{
    for (int &reserve : m_reserve) {
        if (reserve < 0)
            reserve = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
}

void AcceptLoop::closeReserve()
{
    for (int &reserve : m_reserve) {
        if (reserve >= 0) {
            ::close(reserve);
            reserve = -1;
        }
    }
}

} // namespace aegis
