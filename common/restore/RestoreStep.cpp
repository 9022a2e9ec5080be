#include "common/restore/RestoreStep.h"

#include <array>
#include <utility>

namespace aegis::RestoreSteps {

namespace {

struct StepText
{
    RestoreStep step;
    const char *id;
    const char *title;
};

constexpr std::array<StepText, 10> Steps = {{
    {RestoreStep::Preflight, "preflight", "Check the backup and the machine"},
    {RestoreStep::Stop, "stop", "Stop the gateway"},
    {RestoreStep::MoveAside, "move_aside", "Move the live database aside"},
    {RestoreStep::Copy, "copy", "Copy the backup into place"},
    {RestoreStep::Start, "start", "Start the gateway"},
    {RestoreStep::WaitReady, "wait_ready", "Wait until the gateway is ready"},
    {RestoreStep::SpotCheck, "spot_check", "Spot-check the served data"},
    {RestoreStep::VerifyChain, "verify_chain", "Verify the receipt chains"},
    {RestoreStep::Finish, "finish", "Finish"},
    {RestoreStep::Rollback, "rollback", "Roll back"},
}};

} // namespace

QString id(RestoreStep step)
{
    return QLatin1String(Steps.at(std::size_t(step)).id);
}

std::optional<RestoreStep> fromId(const QString &text)
{
    for (const StepText &entry : Steps) {
        if (text == QLatin1String(entry.id))
            return entry.step;
    }
    return std::nullopt;
}

QString title(RestoreStep step)
{
    return QLatin1String(Steps.at(std::size_t(step)).title);
}

int number(RestoreStep step)
{
    return step == RestoreStep::Rollback ? 0 : int(step) + 1;
}

} // namespace aegis::RestoreSteps
