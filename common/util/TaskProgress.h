#pragma once

#include <QMutex>
#include <QString>

#include <atomic>
#include <memory>

namespace aegis {

// What a worker thread tells the UI about a long job, and what the UI tells
// it back (Cancel). Shared by pointer between both; the UI polls it on a
// timer, so the worker never has to post an event per receipt.
class TaskProgress
{
public:
    void setTotal(qint64 total) { m_total.store(total); }
    void setDone(qint64 done) { m_done.store(done); }
    void addDone(qint64 more) { m_done.fetch_add(more); }
    qint64 total() const { return m_total.load(); }
    qint64 done() const { return m_done.load(); }

    // What is being done now ("Reading receipts of tenant acme").
    void setPhase(const QString &phase);
    QString phase() const;

    void requestCancel() { m_cancelled.store(true); }
    bool isCancelRequested() const { return m_cancelled.load(); }

private:
    std::atomic<qint64> m_total{-1};
    std::atomic<qint64> m_done{0};
    std::atomic<bool> m_cancelled{false};
    mutable QMutex m_mutex;
    QString m_phase;
};

using TaskProgressPtr = std::shared_ptr<TaskProgress>;

} // namespace aegis
