#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace aegis {

// Delivers SIGTERM/SIGINT to the event loop as a Qt signal. The handler
// itself only writes a byte to a socket pair (async-signal-safe); the rest
// happens in the event loop, where shutting down is safe.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    static void handle(int signalNumber);
    void drain();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace aegis
