#include "console/verification/VerificationRun.h"

#include <QCoreApplication>

namespace aegis::console {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("VerificationRun", text);
}

} // namespace

void VerificationRun::adopt(LocalCheckOutcome &&outcome)
{
    switch (outcome.manifest) {
    case LocalCheckOutcome::Manifest::Used:
        notes << tr("Checked against the manifest beside the file (%1): every chain must reach the head it "
                    "recorded.")
                     .arg(outcome.manifestPath);
        break;
    case LocalCheckOutcome::Manifest::Unusable:
        notes << tr("The manifest beside the file could not be used (%1); the chains were checked without it.")
                     .arg(outcome.manifestProblem);
        break;
    case LocalCheckOutcome::Manifest::Absent:
        notes << tr("No manifest beside the file: the chains were checked on their own, so a chain cut short at "
                    "its end cannot be noticed.");
        break;
    case LocalCheckOutcome::Manifest::NotApplicable:
        break;
    }
    if (!outcome.fileSha256.isEmpty()) {
        fileSha256 = outcome.fileSha256;
        fileSize = outcome.fileSize;
    }
    if (outcome.report)
        result = ChainResult::fromReport(*outcome.report);
    rows = std::move(outcome.rows);
    if (!outcome.error.isEmpty())
        error = outcome.error;
}

} // namespace aegis::console
