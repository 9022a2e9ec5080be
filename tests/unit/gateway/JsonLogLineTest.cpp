// One log message as one line of JSON, whatever the message holds.
#include "gateway/logging/JsonLogLine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <thread>

using aegis::JsonLogLine;
using aegis::LogFields;

class JsonLogLineTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageWithQuotesAndNewlinesStaysOneLine()
    {
        const QDateTime time(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);
        const QString message = QStringLiteral("a \"quoted\" \\ path\nsecond line\ttab \u00e9\u0001");
        const QByteArray line = JsonLogLine::format(time, QtWarningMsg, "aegis.http", message, nullptr);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1);
        QVERIFY2(line.startsWith("{\"time\":\"2026-01-02T03:04:05.678Z\",\"level\":\"warning\","
                                 "\"category\":\"aegis.http\",\"message\":"),
                 line.constData());
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QCOMPARE(object.value(QStringLiteral("message")).toString(), message);
        QCOMPARE(object.size(), 4);
    }

    void fieldsFollowAndCannotReplaceTheFixedMembers()
    {
        const std::vector<LogFields::Field> fields{{"method", QStringLiteral("GET")},
                                                   {"status", 404},
                                                   {"message", QStringLiteral("forged")},
                                                   {"duration_ms", 1.5}};
        const QByteArray line = JsonLogLine::format(QDateTime::currentDateTimeUtc(), QtInfoMsg, "aegis.http.access",
                                                    QStringLiteral("GET /x 404"), &fields);
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QCOMPARE(object.value(QStringLiteral("message")).toString(), QStringLiteral("GET /x 404"));
        QCOMPARE(object.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(object.value(QStringLiteral("status")).toInt(), 404);
        QCOMPARE(object.value(QStringLiteral("duration_ms")).toDouble(), 1.5);
        QCOMPARE(line.count("\"message\""), 1);
    }

    void fieldsBelongToTheirScopeAndThread()
    {
        QVERIFY(!LogFields::current());
        {
            const LogFields outer{{"path", QStringLiteral("/outer")}};
            {
                const LogFields inner{{"path", QStringLiteral("/inner")}};
                QCOMPARE(LogFields::current()->front().value.toString(), QStringLiteral("/inner"));
                bool otherThreadSees = true;
                std::thread([&otherThreadSees] { otherThreadSees = LogFields::current() != nullptr; }).join();
                QVERIFY(!otherThreadSees);
            }
            QCOMPARE(LogFields::current()->front().value.toString(), QStringLiteral("/outer"));
        }
        QVERIFY(!LogFields::current());
    }
};

QTEST_GUILESS_MAIN(JsonLogLineTest)
#include "JsonLogLineTest.moc"
