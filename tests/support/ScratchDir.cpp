#include "tests/support/ScratchDir.h"

#include <QCoreApplication>
#include <QDir>
#include <QtTest>

namespace aegis::test {

namespace {

QString rootFromEnvironment(const char *variable, const QString &fallback)
{
    const QString value = qEnvironmentVariable(variable);
    return value.isEmpty() ? QDir::temp().filePath(fallback) : value;
}

} // namespace

ScratchDir::ScratchDir(const QString &caseName)
{
    QString safe = caseName;
    for (QChar &c : safe) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-'))
            c = QLatin1Char('_');
    }
    const QString root = rootFromEnvironment("AEGIS_TEST_TMP",
        QStringLiteral("aegis-test-") + QCoreApplication::applicationName());
    m_path = QDir(root).filePath(safe);
    QDir dir(m_path);
    if (dir.exists() && !dir.removeRecursively())
        qFatal("cannot clear scratch directory %s", qPrintable(m_path));
    if (!QDir().mkpath(m_path))
        qFatal("cannot create scratch directory %s", qPrintable(m_path));
}

QString ScratchDir::filePath(const QString &name) const
{
    return QDir(m_path).filePath(name);
}

QString artifactDir(const QString &subdir)
{
    const QString root = rootFromEnvironment("AEGIS_TEST_ARTIFACTS", QStringLiteral("aegis-test-artifacts"));
    const QString path = QDir(root).filePath(subdir);
    QDir().mkpath(path);
    return path;
}

} // namespace aegis::test
