#pragma once

#include "common/drill/DrillOptions.h"
#include "common/drill/DrillReport.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace aegis {
class DrillRunner;
}

namespace aegis::console {

class DrillRelay;

// One drill, started from the UI thread and run on a thread of its own
// (the runner blocks: it copies, starts a gateway, waits for it). The
// report is written to the history on that thread; the answer comes back
// as a signal on the UI thread. Destroying a run cancels the drill and
// waits for its clean-up: a throwaway gateway never outlives the console.
class DrillRun : public QObject
{
    Q_OBJECT

public:
    explicit DrillRun(QObject *parent = nullptr);
    ~DrillRun() override;

    DrillRelay *events() const { return m_relay; }
    bool isBusy() const { return m_busy; }

    void start(const DrillOptions &options, const QString &historyDirectory);
    void cancel();

Q_SIGNALS:
    // jsonPath/sha256 empty when the report could not be written (error says why).
    void drillFinished(const aegis::DrillReport &report, const QString &jsonPath, const QString &sha256,
                       const QString &error);

private:
    DrillRelay *m_relay;
    QThread m_thread;
    QObject *m_worker;
    std::atomic<DrillRunner *> m_runner{nullptr};
    std::atomic<bool> m_cancelRequested{false};
    bool m_busy = false;
};

} // namespace aegis::console
