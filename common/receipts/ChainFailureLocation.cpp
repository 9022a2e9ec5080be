#include "common/receipts/ChainFailureLocation.h"

namespace aegis {

namespace {

std::optional<qint64> number(const QString &text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QString ordinal(qint64 n)
{
    const qint64 lastTwo = n % 100;
    const qint64 last = n % 10;
    const char *suffix = "th";
    if (lastTwo < 11 || lastTwo > 13) {
        if (last == 1)
            suffix = "st";
        else if (last == 2)
            suffix = "nd";
        else if (last == 3)
            suffix = "rd";
    }
    return QString::number(n) + QLatin1String(suffix);
}

// What follows "seq N" when the seq before it was `previous`.
std::optional<ChainFailureLocation::SeqProblem> afterPrevious(qint64 previous, qint64 seq)
{
    using Problem = ChainFailureLocation::SeqProblem;
    if (seq > previous + 1)
        return Problem{Problem::Kind::Missing, previous + 1, seq - 1};
    if (seq == previous)
        return Problem{Problem::Kind::Duplicate, seq, seq};
    if (seq < previous)
        return Problem{Problem::Kind::Backwards, seq, previous};
    return std::nullopt;
}

} // namespace

std::optional<ChainFailureLocation::SeqProblem> ChainFailureLocation::seqProblem(const ChainFailure &failure)
{
    using Kind = ChainFailure::Kind;
    switch (failure.kind) {
    case Kind::SeqGap: {
        // expected is the previous seq + 1 ("1" at a chain's start).
        const auto expected = number(failure.expected);
        const auto actual = failure.seq ? failure.seq : number(failure.actual);
        if (!expected || !actual)
            return std::nullopt;
        return afterPrevious(*expected - 1, *actual);
    }
    case Kind::BrokenLink:
    case Kind::HashMismatch:
        if (failure.seq && failure.previousSeq)
            return afterPrevious(*failure.previousSeq, *failure.seq);
        return std::nullopt;
    case Kind::Truncated: {
        const auto expected = number(failure.expected);
        const auto actual = number(failure.actual);
        if (!expected || !actual || !failure.seq || *expected <= *actual)
            return std::nullopt;
        return SeqProblem{SeqProblem::Kind::Missing, *failure.seq, *failure.seq + (*expected - *actual) - 1};
    }
    case Kind::Malformed:
    case Kind::Diverged:
    case Kind::BadSignature:
        return std::nullopt;
    }
    return std::nullopt;
}

QString ChainFailureLocation::seqProblemText(const SeqProblem &problem)
{
    switch (problem.kind) {
    case SeqProblem::Kind::Missing:
        if (problem.first == problem.last)
            return QStringLiteral("seq %1 is missing").arg(problem.first);
        return QStringLiteral("seqs %1 to %2 are missing").arg(problem.first).arg(problem.last);
    case SeqProblem::Kind::Duplicate:
        return QStringLiteral("seq %1 appears twice").arg(problem.first);
    case SeqProblem::Kind::Backwards:
        return QStringLiteral("seq %1 comes after seq %2").arg(problem.first).arg(problem.last);
    }
    return QString();
}

QString ChainFailureLocation::text(const ChainFailure &failure, const QString &tenantId)
{
    const QString ofTenant = tenantId.isEmpty() ? QString() : QStringLiteral(" of tenant ") + tenantId;
    QString where;
    if (failure.kind == ChainFailure::Kind::Truncated) {
        where = failure.previousSeq ? QStringLiteral("after seq %1%2").arg(*failure.previousSeq).arg(ofTenant)
                                    : QStringLiteral("at the end of the chain%1").arg(ofTenant);
    } else if (failure.seq) {
        where = QStringLiteral("seq %1%2").arg(*failure.seq).arg(ofTenant);
    } else {
        where = QStringLiteral("the %1 receipt%2 (it has no seq)").arg(ordinal(failure.index + 1), ofTenant);
    }
    if (const auto problem = seqProblem(failure))
        where += QStringLiteral(" (") + seqProblemText(*problem) + QLatin1Char(')');
    return where;
}

} // namespace aegis
