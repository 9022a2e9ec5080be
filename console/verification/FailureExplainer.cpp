#include "console/verification/FailureExplainer.h"

namespace aegis::console {

QString FailureExplainer::title(const QString &kind)
{
    if (kind == QLatin1String("hash_mismatch"))
        return tr("Edited receipt");
    if (kind == QLatin1String("broken_link"))
        return tr("Dropped or reordered receipts");
    if (kind == QLatin1String("seq_gap"))
        return tr("Gap in sequence");
    if (kind == QLatin1String("malformed"))
        return tr("Not a valid receipt");
    if (kind == QLatin1String("truncated"))
        return tr("Chain shorter than the backup's manifest");
    if (kind == QLatin1String("diverged"))
        return tr("Chain differs from the backup's manifest");
    return tr("Chain not verified");
}

QString FailureExplainer::position(const ChainResult::Failure &failure)
{
    if (failure.seq)
        return tr("receipt #%1 (index %2, seq %3)").arg(failure.index + 1).arg(failure.index).arg(*failure.seq);
    return tr("receipt #%1 (index %2)").arg(failure.index + 1).arg(failure.index);
}

QString FailureExplainer::explanation(const ChainResult::Failure &failure, const QString &tenantId)
{
    const QString where = position(failure);
    const QString tenant = tenantId.isEmpty() ? QString() : tr(" of tenant %1").arg(tenantId);
    const QString kind = failure.kind;
    if (kind == QLatin1String("hash_mismatch")) {
        return tr("Edited receipt: the content of %1%2 no longer gives the hash stored with it. The receipt was "
                  "changed after it was written (for example its decision), so this evidence can no longer be "
                  "trusted as recorded.")
            .arg(where, tenant);
    }
    if (kind == QLatin1String("broken_link")) {
        return tr("Dropped or reordered receipts: %1%2 does not point to the receipt before it. Receipts between "
                  "them were removed, inserted or put in another order.")
            .arg(where, tenant);
    }
    if (kind == QLatin1String("seq_gap")) {
        return tr("Gap in sequence: at %1%2 the sequence number jumps from %3 to %4, so receipts are missing "
                  "there.")
            .arg(where, tenant, failure.expected.isEmpty() ? QStringLiteral("?") : QString::number(failure.expected.toLongLong() - 1),
                failure.actual);
    }
    if (kind == QLatin1String("malformed")) {
        return tr("Not a valid receipt: %1%2 is not a receipt the verifier can read (%3).")
            .arg(where, tenant, failure.actual.isEmpty() ? tr("unknown shape") : failure.actual);
    }
    if (kind == QLatin1String("truncated")) {
        return tr("Chain shorter than the backup's manifest: the manifest recorded %1 receipts%2, but only %3 were "
                  "found. Receipts at the end of the chain are missing.")
            .arg(failure.expected, tenant, failure.actual);
    }
    if (kind == QLatin1String("diverged")) {
        return tr("Chain differs from the backup's manifest: at %1%2 the receipt has another hash than the manifest "
                  "recorded. The chain was rewritten after the backup was taken.")
            .arg(where, tenant);
    }
    return tr("The chain%1 did not verify, and the verifier gave no reason.").arg(tenant);
}

QString FailureExplainer::detail(const ChainResult::Failure &failure)
{
    QString text = tr("kind:       %1\nindex:      %2\n").arg(failure.kind).arg(failure.index);
    if (failure.seq)
        text += tr("seq:        %1\n").arg(*failure.seq);
    if (!failure.receiptId.isEmpty())
        text += tr("receipt id: %1\n").arg(failure.receiptId);
    QString expectedLabel = tr("expected");
    QString actualLabel = tr("found");
    if (failure.kind == QLatin1String("hash_mismatch")) {
        expectedLabel = tr("recomputed");
        actualLabel = tr("stored");
    } else if (failure.kind == QLatin1String("broken_link")) {
        expectedLabel = tr("previous receipt's hash");
        actualLabel = tr("prev_receipt_hash");
    }
    text += tr("%1: %2\n%3: %4").arg(expectedLabel, failure.expected.isEmpty() ? tr("(empty)") : failure.expected,
        actualLabel, failure.actual.isEmpty() ? tr("(empty)") : failure.actual);
    return text;
}

QString FailureExplainer::emptyExplanation()
{
    return tr("No receipts: there was nothing to verify. An empty chain proves nothing about the evidence; it "
              "is not a passed check.");
}

} // namespace aegis::console
