#pragma once

#include <QJsonValue>

#include <initializer_list>
#include <vector>

namespace aegis {

// Structured fields (method, path, status, …) for the log calls made on this
// thread while a LogFields lives. The JSON log writes them as members of
// each line; the text log has them in its message already and ignores them.
// Scopes nest; the innermost wins.
class LogFields
{
public:
    struct Field
    {
        const char *name; // a literal: lives as long as the program
        QJsonValue value;
    };

    LogFields(std::initializer_list<Field> fields);
    ~LogFields();
    LogFields(const LogFields &) = delete;
    LogFields &operator=(const LogFields &) = delete;

    // The fields of the innermost scope on this thread, or nullptr.
    static const std::vector<Field> *current();

private:
    std::vector<Field> m_fields;
    const LogFields *m_outer;
};

} // namespace aegis
