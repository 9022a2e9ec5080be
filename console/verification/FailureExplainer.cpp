#include "console/verification/FailureExplainer.h"

#include "common/receipts/ChainFailureLocation.h"

namespace aegis::console {

QString FailureExplainer::title(ChainFailure::Kind kind)
{
    using Kind = ChainFailure::Kind;
    switch (kind) {
    case Kind::HashMismatch:
        return tr("Edited receipt");
    case Kind::BrokenLink:
        return tr("Dropped or reordered receipts");
    case Kind::SeqGap:
        return tr("Gap in sequence");
    case Kind::Malformed:
        return tr("Not a valid receipt");
    case Kind::Truncated:
        return tr("Chain shorter than the backup's manifest");
    case Kind::Diverged:
        return tr("Chain differs from the backup's manifest");
    case Kind::BadSignature:
        return tr("Signature does not verify");
    }
    return tr("Chain not verified");
}

QString FailureExplainer::title(const ChainResult::Tenant &tenant)
{
    return tenant.failure ? title(tenant.failure->kind) : tr("Chain not verified");
}

QString FailureExplainer::position(const ChainResult::Tenant &tenant)
{
    if (tenant.failure)
        return ChainFailureLocation::text(*tenant.failure, tenant.id);
    return tenant.id.isEmpty() ? tr("an unnamed tenant") : tr("tenant %1").arg(tenant.id);
}

QString FailureExplainer::atPosition(const ChainResult::Tenant &tenant)
{
    if (tenant.failure && tenant.failure->kind == ChainFailure::Kind::Truncated)
        return position(tenant); // already says where: "after seq 7 …", "at the end of the chain …"
    return tr("at %1").arg(position(tenant));
}

QString FailureExplainer::headline(const ChainResult::Tenant &tenant)
{
    return tr("%1 %2").arg(title(tenant), atPosition(tenant));
}

QString FailureExplainer::explanation(const ChainResult::Tenant &tenant)
{
    if (!tenant.failure)
        return tr("The chain of %1 did not verify, and the verifier gave no reason this console knows.")
            .arg(position(tenant));
    const ChainFailure &failure = *tenant.failure;
    const QString where = position(tenant);
    using Kind = ChainFailure::Kind;
    switch (failure.kind) {
    case Kind::HashMismatch:
        return tr("Edited receipt: the content of the receipt at %1 no longer gives the hash stored with it. The "
                  "receipt was changed after it was written (for example its decision), so this evidence can no "
                  "longer be trusted as recorded.")
            .arg(where);
    case Kind::BrokenLink:
        return tr("Dropped or reordered receipts: the receipt at %1 does not point to the receipt before it. "
                  "Receipts between them were removed, inserted or put in another order.")
            .arg(where);
    case Kind::SeqGap: {
        bool ok = false;
        const qint64 expected = failure.expected.toLongLong(&ok);
        return tr("Gap in sequence: at %1 the sequence number goes from %2 to %3, so the chain is not the one "
                  "that was written.")
            .arg(where, ok ? QString::number(expected - 1) : QStringLiteral("?"), failure.actual);
    }
    case Kind::Malformed:
        return tr("Not a valid receipt: the entry at %1 is not a receipt the verifier can read (%2).")
            .arg(where, failure.actual.isEmpty() ? tr("unknown shape") : failure.actual);
    case Kind::Truncated:
        return tr("Chain shorter than the backup's manifest: the manifest recorded %1 receipts, but only %2 were "
                  "found. Receipts at the end of the chain are missing: %3.")
            .arg(failure.expected, failure.actual, where);
    case Kind::Diverged:
        return tr("Chain differs from the backup's manifest: at %1 the receipt has another hash than the manifest "
                  "recorded. The chain was rewritten after the backup was taken.")
            .arg(where);
    case Kind::BadSignature:
        return tr("Signature does not verify: the receipt at %1 carries a signature that the key named beside it "
                  "did not make over its hash. The receipt or its signature was changed after signing.")
            .arg(where);
    }
    return QString();
}

QString FailureExplainer::detail(const ChainFailure &failure)
{
    QString text = tr("kind:       %1\n").arg(ChainFailure::kindName(failure.kind));
    if (failure.seq)
        text += tr("seq:        %1\n").arg(*failure.seq);
    if (failure.previousSeq)
        text += tr("before it:  seq %1\n").arg(*failure.previousSeq);
    text += tr("position:   %1 (0-based index %2)\n").arg(failure.index + 1).arg(failure.index);
    if (failure.receiptId && !failure.receiptId->isEmpty())
        text += tr("receipt id: %1\n").arg(*failure.receiptId);
    QString expectedLabel = tr("expected");
    QString actualLabel = tr("found");
    if (failure.kind == ChainFailure::Kind::HashMismatch) {
        expectedLabel = tr("recomputed");
        actualLabel = tr("stored");
    } else if (failure.kind == ChainFailure::Kind::BrokenLink) {
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
