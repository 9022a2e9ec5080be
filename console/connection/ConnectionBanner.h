#pragma once

#include "console/connection/ConnectionState.h"
#include "console/widgets/MessagePanel.h"

class QPushButton;

namespace aegis::console {

// The strip above every page that says plainly when the gateway cannot be
// reached or refuses the token, and why, with the way out beside it.
class ConnectionBanner : public MessagePanel
{
    Q_OBJECT

public:
    explicit ConnectionBanner(QWidget *parent = nullptr);

    // `tokenSource`: where the token in use was read from, in words ("the
    // system keychain", a file's path); empty when not known.
    void showState(const ConnectionState &state, const QString &gatewayUrl, const QString &tokenSource = QString());

Q_SIGNALS:
    void retryRequested();
    void editConnectionRequested();

private:
    QPushButton *m_retry;
    QPushButton *m_edit;
};

} // namespace aegis::console
