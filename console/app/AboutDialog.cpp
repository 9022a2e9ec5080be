#include "console/app/AboutDialog.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>

namespace aegis::console {

AboutDialog::AboutDialog(GatewaySession &session, QWidget *parent)
    : QDialog(parent)
    , m_console(new QLabel(QStringLiteral(AEGIS_VERSION), this))
    , m_gateway(new QLabel(this))
{
    setWindowTitle(tr("About Aegis Console"));
    setObjectName(QStringLiteral("aboutDialog"));
    auto *intro = new QLabel(tr("<p><b>Aegis Console</b></p><p>The operator's console of the Aegis gateway: health, "
                                "decisions and receipts, backups, restore, drills and receipt-chain verification.</p>"),
        this);
    intro->setWordWrap(true);
    m_console->setObjectName(QStringLiteral("consoleVersion"));
    m_gateway->setObjectName(QStringLiteral("gatewayVersion"));
    for (QLabel *value : {m_console, m_gateway})
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *form = new QFormLayout;
    form->addRow(tr("Console version:"), m_console);
    form->addRow(tr("Gateway version:"), m_gateway);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    // Never smaller than its contents: wrapped text must not be cut.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    // A wrapped label is measured one line short in a fresh dialog: its
    // height for the dialog's width is given outright.
    const int width = fontMetrics().averageCharWidth() * 70;
    const QMargins margins = layout->contentsMargins();
    intro->setMinimumHeight(intro->heightForWidth(width - margins.left() - margins.right()));
    setMinimumWidth(width);

    if (!session.isConfigured()) {
        m_gateway->setText(tr("not connected to a gateway"));
        return;
    }
    const QString url = session.profile().url.toString();
    m_gateway->setText(tr("asking %1…").arg(url));
    GatewayReply *reply = session.get(QStringLiteral("/v1/version"), this);
    connect(reply, &GatewayReply::finished, this, [this, reply, url] {
        reply->deleteLater();
        const QJsonObject body = reply->json().object();
        if (reply->ok() && !body.value(QStringLiteral("version")).toString().isEmpty()) {
            m_gateway->setText(tr("%1 (schema %2), at %3")
                                   .arg(body.value(QStringLiteral("version")).toString())
                                   .arg(body.value(QStringLiteral("schema_version")).toInt())
                                   .arg(url));
        } else {
            m_gateway->setText(tr("unknown: %1").arg(reply->errorText()));
        }
        Q_EMIT gatewayChecked();
    });
}

} // namespace aegis::console
