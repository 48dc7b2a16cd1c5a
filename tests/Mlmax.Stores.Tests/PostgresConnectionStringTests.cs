using Mlmax.Stores.Postgres;
using Npgsql;

namespace Mlmax.Stores.Tests;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Parse_Url_ReadsEveryPartAndDecodesPercentEscapes()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse("postgres://ml%40max:p%3Ass%2Fw@db.internal:6543/meta%2Ddata?sslmode=require&application_name=worker"));

        Assert.Equal(("ml@max", "p:ss/w", "db.internal", 6543, "meta-data"), (b.Username, b.Password, b.Host, b.Port, b.Database));
        Assert.Equal((SslMode.Require, "worker"), (b.SslMode, b.ApplicationName));
    }

    [Fact]
    public void Parse_PostgresqlSchemeWithoutPortOrPassword_UsesDefaults()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse("postgresql://mlmax@localhost/mlmax"));

        Assert.Equal(("mlmax", null, "localhost", 5432, "mlmax", "mlmax"), (b.Username, b.Password, b.Host, b.Port, b.Database, b.ApplicationName));
    }

    [Fact]
    public void Parse_UrlWithOptionsAndNpgsqlKeyword_PassesThem()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse("postgres://u@db/d?options=-c%20search_path%3Dmlmax&Maximum%20Pool%20Size=20"));

        Assert.Equal(("-c search_path=mlmax", 20), (b.Options, b.MaxPoolSize));
    }

    [Fact]
    public void Parse_NpgsqlConnectionString_IsKept()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnectionString.Parse("Host=db;Port=5433;Username=u;Password=secret;Database=d"));

        Assert.Equal(("db", 5433, "u", "secret", "d"), (b.Host, b.Port, b.Username, b.Password, b.Database));
    }

    [Theory]
    [InlineData("postgres://u:hunter2@db:5432/d", "postgres://u@db:5432/d")]
    [InlineData("Host=db;Username=u;Password=hunter2;Database=d", "postgres://u@db:5432/d")]
    public void Describe_WithPassword_NeverShowsIt(string text, string expected)
    {
        Assert.Equal(expected, PostgresConnectionString.Describe(text));
        Assert.DoesNotContain("hunter2", new PostgresMetadataStore(text).Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u:hunter2@db:5432/d?nonsense=1")]
    [InlineData("Host=db;Password=hunter2;Nonsense=1")]
    [InlineData("postgres://u:hunter2@:5432/d")]
    public void Parse_Malformed_FailsWithoutShowingPassword(string text)
    {
        var e = Assert.Throws<FormatException>(() => PostgresConnectionString.Parse(text));

        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
