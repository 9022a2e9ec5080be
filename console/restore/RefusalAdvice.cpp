#include "console/restore/RefusalAdvice.h"

namespace aegis::console {

QString RefusalAdvice::forCheck(const PreflightCheck &check)
{
    const bool commandLine = check.remedy.contains(QLatin1String("aegis-restore")) || check.remedy.contains(QLatin1String("--"));
    if (!commandLine)
        return check.remedy;
    if (check.id == QLatin1String("no_unfinished_restore"))
        return tr("Deal with the interrupted restore first: close this wizard and press “Finish or roll back…” on "
                  "the Restore page.");
    if (check.id == QLatin1String("manifest"))
        return tr("Prefer a backup the gateway took: it writes the manifest. To restore this one anyway, tick "
                  "“Restore it without a manifest” below, knowing that its contents cannot be compared with a "
                  "record made when it was taken.");
    if (check.id == QLatin1String("schema"))
        return tr("Start the gateway so that it can tell which schema it knows (or, when the console runs the "
                  "gateway itself, name its binary under Connection → Edit connection…); then run the checks again.");
    if (check.id == QLatin1String("admin_token"))
        return tr("Give the right admin token under Connection → Edit connection… (Ctrl+K); the checks after the "
                  "restart need it.");
    return check.remedy;
}

} // namespace aegis::console
