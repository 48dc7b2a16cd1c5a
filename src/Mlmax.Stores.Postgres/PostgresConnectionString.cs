using System.Globalization;
using Npgsql;

namespace Mlmax.Stores.Postgres;

/// <summary>
/// Reads the two ways to name a PostgreSQL database: a URL, <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require</c>
/// (user, password and database percent-encoded; <c>postgresql://</c> too), or a plain Npgsql connection string
/// (<c>Host=...;Username=...;Database=...</c>).
/// </summary>
public static class PostgresConnectionString
{
    private static readonly Dictionary<string, string> QueryKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["host"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>Whether <paramref name="text"/> is a <c>postgres://</c> or <c>postgresql://</c> URL.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> for a URL.</returns>
    public static bool IsUrl(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Turns a URL or a connection string into an Npgsql connection string.</summary>
    /// <param name="text">The URL or connection string.</param>
    /// <returns>The Npgsql connection string (it holds the password, if any: never print it; see <see cref="Describe"/>).</returns>
    /// <exception cref="FormatException">Malformed; the message never contains the password.</exception>
    public static string Parse(string text) => Build(text).ConnectionString;

    /// <summary>A description of the database safe to print: host, port, database and user, never the password.</summary>
    /// <param name="text">The URL or connection string.</param>
    /// <returns>E.g. <c>postgres://mlmax@db.internal:5432/mlmax</c>.</returns>
    public static string Describe(string text)
    {
        try
        {
            var b = Build(text);
            var user = string.IsNullOrEmpty(b.Username) ? string.Empty : Uri.EscapeDataString(b.Username) + "@";
            return $"postgres://{user}{b.Host}:{b.Port}/{b.Database}";
        }
        catch (FormatException)
        {
            return "postgres://(malformed)";
        }
    }

    internal static NpgsqlConnectionStringBuilder Build(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var builder = IsUrl(text) ? FromUrl(text) : FromKeywords(text);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "mlmax";
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException e)
        {
            // The message names the keyword, never the value.
            throw new FormatException($"not a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE) nor a valid connection string: {e.Message}");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("not a PostgreSQL URL: use postgres://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode special characters)");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.IdnHost };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            try
            {
                builder[QueryKeywords.GetValueOrDefault(key, key)] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"unsupported PostgreSQL URL parameter '{key}' (use sslmode, application_name, connect_timeout, options or an Npgsql keyword)"));
            }
        }

        return builder;
    }
}
