#pragma once

#include "common/restore/RestoreStep.h"
#include "common/restore/StepFinding.h"

#include <QJsonObject>
#include <QString>

namespace aegis {

// What made a restore fail, typed: the step and what it found. A report or
// journal written before the findings existed has only its sentence, kept
// verbatim in `legacyText` for display and never read for a decision.
struct RestoreFailure {
    RestoreStep step = RestoreStep::Preflight;
    StepFinding finding;
    QString legacyText;

    RestoreFailure() = default;
    RestoreFailure(RestoreStep s, StepFinding f)
        : step(s)
        , finding(std::move(f))
    {
    }

    bool isEmpty() const { return finding.isEmpty() && legacyText.isEmpty(); }
    StepFinding::Kind kind() const { return finding.kind; }
    // The operator stopped the restore (Cancel, or a signal to aegis-restore):
    // nothing failed, and the rollback is what was asked for.
    bool byOperator() const
    {
        return finding.kind == StepFinding::Kind::Cancelled || finding.kind == StepFinding::Kind::StopWaitCancelled
            || finding.kind == StepFinding::Kind::ReadyWaitCancelled;
    }
    // Adds "failure" (words), "failed_step", "failure_kind" and
    // "failure_finding" to a report's or journal's object.
    void writeInto(QJsonObject &object) const;
    static RestoreFailure readFrom(const QJsonObject &object);
};

} // namespace aegis
