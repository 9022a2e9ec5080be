#include "common/restore/SpotCheck.h"

#include "common/db/DatabaseInspector.h"

#include "common/util/Timestamp.h"

#include <QJsonArray>

namespace aegis {

SpotCheck::SpotCheck(GatewayProbe &gateway, int timeoutMs)
    : m_gateway(gateway)
    , m_timeoutMs(timeoutMs)
{
}

QString SpotCheck::verdict(qint64 served, qint64 expected)
{
    CountCheck count;
    count.served = served;
    count.expected = expected;
    return count.describe();
}

SpotCheck::Result SpotCheck::run(const Expected &expected)
{
    Result result;
    std::vector<StepFinding> problems;
    auto endpointFailed = [&problems](const QString &request, const ProbeReply &reply) {
        StepFinding problem(StepFinding::Kind::EndpointFailed, reply.describe());
        problem.name = request;
        problems.push_back(problem);
    };

    const ProbeReply agents = m_gateway.get(QStringLiteral("/v1/agents?limit=200"), m_timeoutMs);
    if (!agents.ok() || !agents.json().isArray())
        endpointFailed(QStringLiteral("GET /v1/agents"), agents);
    result.details.insert(QStringLiteral("agents_endpoint"),
                          QJsonObject{{QStringLiteral("status"), agents.status},
                                      {QStringLiteral("listed"), agents.json().array().size()}});

    const ProbeReply decisions = m_gateway.get(QStringLiteral("/v1/decisions?limit=5"), m_timeoutMs);
    const QJsonArray newest = decisions.json().array();
    if (!decisions.ok() || !decisions.json().isArray()) {
        endpointFailed(QStringLiteral("GET /v1/decisions?limit=5"), decisions);
    } else if (expected.decisions > 0 && newest.isEmpty()) {
        StepFinding problem(StepFinding::Kind::NoDecisionsListed);
        problem.expected = expected.decisions;
        problems.push_back(problem);
    }
    const QString servedNewest = newest.isEmpty() ? QString() : newest.first().toObject().value(QStringLiteral("created_at")).toString();
    if (!servedNewest.isEmpty() && !expected.newestDecisionAt.isEmpty() && servedNewest < expected.newestDecisionAt) {
        StepFinding problem(StepFinding::Kind::NewestDecisionOlder);
        problem.at = Timestamp::parse(servedNewest);
        problem.expectedAt = Timestamp::parse(expected.newestDecisionAt);
        problems.push_back(problem);
    }
    result.details.insert(QStringLiteral("decisions_endpoint"),
                          QJsonObject{{QStringLiteral("status"), decisions.status},
                                      {QStringLiteral("listed"), newest.size()},
                                      {QStringLiteral("newest_created_at"), servedNewest},
                                      {QStringLiteral("backup_newest_created_at"), expected.newestDecisionAt}});

    qint64 servedAgents = -1;
    qint64 servedDecisions = -1;
    qint64 servedReceipts = -1;
    const ProbeReply summary = m_gateway.get(QStringLiteral("/v1/admin/summary"), m_timeoutMs);
    if (summary.ok() && summary.json().isObject()) {
        const QJsonObject object = summary.json().object();
        servedAgents = object.value(QStringLiteral("agents")).toInteger(-1);
        servedDecisions = object.value(QStringLiteral("decisions")).toInteger(-1);
        servedReceipts = object.value(QStringLiteral("receipts")).toInteger(-1);
        result.details.insert(QStringLiteral("counts_source"), QStringLiteral("GET /v1/admin/summary"));
    } else if (summary.answered() && (summary.status == 404 || summary.status == 405) && !expected.databasePath.isEmpty()) {
        // An older gateway without the summary route: its file, read-only.
        QString error;
        const auto live = DatabaseInspector::inspectFile(expected.databasePath, DatabaseInspector::Check::None, &error);
        if (live) {
            servedAgents = live->agents;
            servedDecisions = live->decisions;
            servedReceipts = live->receipts;
            result.details.insert(QStringLiteral("counts_source"),
                                  QStringLiteral("the database file (the gateway has no /v1/admin/summary)"));
        } else {
            problems.push_back(StepFinding(StepFinding::Kind::CountsUnreadable, error));
        }
    } else {
        endpointFailed(QStringLiteral("GET /v1/admin/summary"), summary);
    }

    QJsonObject counts;
    const QList<CountCheck> rows = {
        {CountCheck::What::Agents, servedAgents, expected.agents},
        {CountCheck::What::Decisions, servedDecisions, expected.decisions},
        {CountCheck::What::Receipts, servedReceipts, expected.receipts},
    };
    for (const CountCheck &count : rows) {
        if (count.served < 0)
            continue;
        const QString name = CountCheck::whatId(count.what);
        counts.insert(name, count.toJson());
        result.counts.append(count);
        if (!count.ok()) {
            StepFinding problem(StepFinding::Kind::CountShort);
            problem.name = name;
            problem.count = count.served;
            problem.expected = count.expected;
            problems.push_back(problem);
        }
    }
    result.details.insert(QStringLiteral("counts"), counts);

    result.passed = problems.empty();
    if (result.passed) {
        const bool exact = servedAgents == expected.agents && servedDecisions == expected.decisions
            && servedReceipts == expected.receipts;
        result.finding = StepFinding(exact ? StepFinding::Kind::CountsExact : StepFinding::Kind::CountsGrown);
        result.finding.agents = servedAgents;
        result.finding.decisions = servedDecisions;
        result.finding.receipts = servedReceipts;
    } else {
        result.finding = StepFinding(StepFinding::Kind::SpotCheckFailed);
        result.finding.parts = std::move(problems);
    }
    return result;
}

} // namespace aegis
