// aegis-verify-receipts: offline verification of receipt chains. The logic
// lives in aegis::VerifyReceiptsCommand (common/receipts).
#include "common/receipts/VerifyReceiptsCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aegis-verify-receipts"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    aegis::VerifyReceiptsCommand command(out, err);
    const int status = command.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return status;
}
