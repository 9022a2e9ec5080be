#include "console/drill/DrillRun.h"

#include "common/drill/DrillHistory.h"
#include "common/drill/DrillReportJson.h"
#include "common/drill/DrillRunner.h"
#include "console/drill/DrillRelay.h"

#include <QMetaObject>

namespace aegis::console {

DrillRun::DrillRun(QObject *parent)
    : QObject(parent)
    , m_relay(new DrillRelay)
    , m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("aegis-drill"));
    m_worker->moveToThread(&m_thread);
    m_relay->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(&m_thread, &QThread::finished, m_relay, &QObject::deleteLater);
    m_thread.start();
}

DrillRun::~DrillRun()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void DrillRun::cancel()
{
    m_cancelRequested = true;
    if (DrillRunner *runner = m_runner.load())
        runner->cancel();
}

void DrillRun::start(const DrillOptions &options, const QString &historyDirectory)
{
    if (m_busy)
        return;
    m_busy = true;
    m_cancelRequested = false;
    QMetaObject::invokeMethod(m_worker, [this, options, historyDirectory] {
        DrillRunner::Dependencies dependencies;
        dependencies.observer = m_relay;
        DrillRunner runner(options, dependencies);
        m_runner = &runner;
        if (m_cancelRequested)
            runner.cancel();
        const DrillReport report = runner.run();
        m_runner = nullptr;
        const DrillHistory::Saved saved = DrillHistory(historyDirectory).save(report, DrillReportJson::toBytes(report));
        QMetaObject::invokeMethod(this, [this, report, saved] {
            m_busy = false;
            Q_EMIT drillFinished(report, saved.jsonPath, saved.sha256, saved.error);
        });
    });
}

} // namespace aegis::console
