#include "common/drill/DrillStep.h"

namespace aegis::DrillSteps {

const std::array<DrillStep, Count> &all()
{
    static const std::array<DrillStep, Count> steps{
        DrillStep::ObtainBackup, DrillStep::VerifyBackup, DrillStep::RestoreCopy,   DrillStep::StartGateway,
        DrillStep::WaitReady,    DrillStep::SpotCheck,    DrillStep::VerifyChain,   DrillStep::SyntheticCall,
        DrillStep::StopGateway,  DrillStep::Cleanup};
    return steps;
}

QString id(DrillStep step)
{
    switch (step) {
    case DrillStep::ObtainBackup: return QStringLiteral("obtain_backup");
    case DrillStep::VerifyBackup: return QStringLiteral("verify_backup");
    case DrillStep::RestoreCopy: return QStringLiteral("restore_copy");
    case DrillStep::StartGateway: return QStringLiteral("start_gateway");
    case DrillStep::WaitReady: return QStringLiteral("wait_ready");
    case DrillStep::SpotCheck: return QStringLiteral("spot_check");
    case DrillStep::VerifyChain: return QStringLiteral("verify_chain");
    case DrillStep::SyntheticCall: return QStringLiteral("synthetic_call");
    case DrillStep::StopGateway: return QStringLiteral("stop_gateway");
    case DrillStep::Cleanup: return QStringLiteral("cleanup");
    }
    return {};
}

std::optional<DrillStep> fromId(const QString &text)
{
    for (DrillStep step : all()) {
        if (id(step) == text)
            return step;
    }
    return std::nullopt;
}

int number(DrillStep step)
{
    return int(step) + 1;
}

} // namespace aegis::DrillSteps
