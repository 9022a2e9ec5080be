#pragma once

#include <QStringList>
#include <QTextStream>

namespace aegis {

class ChainVerificationReport;
struct ReceiptCheck;

// aegis-verify-receipts (RECEIPTS.md, "Offline verifier"): everything but
// main(), so that tests drive it in-process.
class VerifyReceiptsCommand
{
public:
    enum ExitCode
    {
        Verified = 0,
        // Also for an input with no receipts: nothing was proven, and a
        // script testing "exit 0" must not take an empty export for a
        // verified chain.
        NotVerified = 1,
        Error = 2
    };

    VerifyReceiptsCommand(QTextStream &out, QTextStream &err);

    // arguments as QCoreApplication::arguments(): the program name first.
    int run(const QStringList &arguments);

    static QString helpText();

private:
    int runOnJsonFile(const QString &path);
    int runOnDatabase(const QString &path, const QString &manifestPath, const QString &tenant);
    int conclude(const ChainVerificationReport &report, const QString &source);
    int error(const QString &what);
    void printRow(const ReceiptCheck &check);

    QTextStream &m_out;
    QTextStream &m_err;
    bool m_table = false;
    bool m_json = false;
    bool m_headerPrinted = false;
    QString m_lastTenant;
};

} // namespace aegis
