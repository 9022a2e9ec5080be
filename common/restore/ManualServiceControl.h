#pragma once

#include "common/restore/ServiceControl.h"

#include <functional>

namespace aegis {

// The operator stops and starts the gateway; this only says what to do. The
// engine then waits (with the longer manual deadline) until it can see the
// gateway stopped or answering: nothing goes on because a person clicked.
class ManualServiceControl : public ServiceControl
{
public:
    using Tell = std::function<void(const QString &instruction)>;

    explicit ManualServiceControl(Tell tell, QString hint = {});

    Kind kind() const override { return Kind::Manual; }
    QString describe() const override;
    Result stop() override;
    Result start() override;

private:
    Tell m_tell;
    QString m_hint;
};

} // namespace aegis
