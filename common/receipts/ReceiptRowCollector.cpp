#include "common/receipts/ReceiptRowCollector.h"

namespace aegis {

ReceiptRowCollector::ReceiptRowCollector(qint64 keepFirst, int context)
    : m_keepFirst(keepFirst)
    , m_context(context)
{
}

void ReceiptRowCollector::add(const ReceiptCheck &check)
{
    Tenant &tenant = m_tenants[check.tenantId];
    ++tenant.set.total;
    ReceiptRow row = ReceiptRow::from(check);
    const bool failed = row.status != ReceiptCheck::Status::Ok;
    if (qint64(tenant.set.rows.size()) < m_keepFirst && !tenant.set.windowed) {
        tenant.sawFailure = tenant.sawFailure || failed;
        tenant.set.rows.push_back(std::move(row));
        return;
    }
    tenant.set.windowed = true;
    if (tenant.trailing > 0) {
        --tenant.trailing;
        tenant.set.rows.push_back(std::move(row));
        return;
    }
    if (failed && !tenant.sawFailure) {
        tenant.sawFailure = true;
        for (ReceiptRow &before : tenant.recent)
            tenant.set.rows.push_back(std::move(before));
        tenant.recent.clear();
        tenant.set.rows.push_back(std::move(row));
        tenant.trailing = m_context;
        return;
    }
    tenant.recent.push_back(std::move(row));
    if (int(tenant.recent.size()) > m_context)
        tenant.recent.pop_front();
}

std::map<QString, ReceiptRowSet> ReceiptRowCollector::take()
{
    std::map<QString, ReceiptRowSet> out;
    for (auto &[id, tenant] : m_tenants) {
        for (ReceiptRow &last : tenant.recent)
            tenant.set.rows.push_back(std::move(last));
        tenant.set.windowed = qint64(tenant.set.rows.size()) < tenant.set.total;
        out.emplace(id, std::move(tenant.set));
    }
    m_tenants.clear();
    return out;
}

} // namespace aegis
