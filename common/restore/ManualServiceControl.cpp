#include "common/restore/ManualServiceControl.h"

namespace aegis {

ManualServiceControl::ManualServiceControl(Tell tell, QString hint)
    : m_tell(std::move(tell))
    , m_hint(std::move(hint))
{
}

QString ManualServiceControl::describe() const
{
    return QStringLiteral("manual (the operator stops and starts the gateway)");
}

ServiceControl::Result ManualServiceControl::stop()
{
    const QString text = QStringLiteral("Stop the gateway now%1. The restore goes on by itself once the gateway no "
                                        "longer answers and no process holds the database.")
                             .arg(m_hint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_hint));
    if (m_tell)
        m_tell(text);
    return {true, QStringLiteral("the operator was asked to stop the gateway")};
}

ServiceControl::Result ManualServiceControl::start()
{
    const QString text = QStringLiteral("Start the gateway now%1. The restore goes on by itself once it answers.")
                             .arg(m_hint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_hint));
    if (m_tell)
        m_tell(text);
    return {true, QStringLiteral("the operator was asked to start the gateway")};
}

} // namespace aegis
