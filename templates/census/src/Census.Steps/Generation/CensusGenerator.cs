using System.Globalization;
using Census.Steps.Data;

namespace Census.Steps.Generation;

/// <summary>
/// Draws census rows from a <see cref="CensusProfile"/> and writes them in the raw census format (values with their
/// leading space, <c>?</c> for missing), one row at a time. Ages move by up to two years within the stratum; money
/// amounts and the instance weight are scaled by up to 20%. The same profile and seed give the same rows.
/// </summary>
internal sealed class CensusGenerator
{
    private static readonly string[] MoneyColumns = ["wage per hour", "capital gains", "capital losses", "dividends from stocks"];

    private readonly CensusProfile _profile;
    private readonly StableRandom _random;
    private readonly Jitter[] _jitter;
    private readonly double[] _cumulative;
    private readonly char[] _number = new char[32];

    /// <summary>Creates a generator.</summary>
    /// <param name="profile">The fitted distributions.</param>
    /// <param name="seed">The seed.</param>
    public CensusGenerator(CensusProfile profile, long seed)
    {
        _profile = profile;
        _random = new StableRandom(seed);
        _jitter = CensusSchema.Columns.Select(c => c switch
        {
            { Header: "age" } => Jitter.Age,
            { Kind: ColumnKind.Weight } => Jitter.Weight,
            _ when MoneyColumns.Contains(c.Header) => Jitter.Money,
            _ => Jitter.None,
        }).ToArray();

        _cumulative = new double[profile.Strata.Count];
        var sum = 0.0;
        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] = sum += profile.Strata[i].Share;
        }
    }

    private enum Jitter
    {
        None,
        Age,
        Money,
        Weight,
    }

    /// <summary>Writes the census header line.</summary>
    /// <param name="writer">The output.</param>
    public static void WriteHeader(TextWriter writer)
    {
        writer.Write(CensusSchema.HeaderLine);
        writer.Write('\n');
    }

    /// <summary>Draws one row and writes it as a line.</summary>
    /// <param name="writer">The output.</param>
    public void WriteRow(TextWriter writer)
    {
        var stratum = PickStratum();
        for (var c = 0; c < _jitter.Length; c++)
        {
            if (c > 0)
            {
                writer.Write(',');
            }

            var tokens = stratum.Tokens[c];
            var token = tokens[_random.Next(tokens.Length)];
            switch (_jitter[c])
            {
                case Jitter.Age when int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var age):
                    WriteNumber(writer, Math.Clamp(age + _random.Next(5) - 2, stratum.MinAge, stratum.MaxAge), "D");
                    break;
                case Jitter.Money when long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount) && amount > 0:
                    WriteNumber(writer, (long)Math.Round(amount * Scale()), "D");
                    break;
                case Jitter.Weight when double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight):
                    WriteNumber(writer, Math.Round(weight * Scale(), 2), "0.##");
                    break;
                default:
                    writer.Write(token);
                    break;
            }
        }

        writer.Write('\n');
    }

    private Stratum PickStratum()
    {
        var u = _random.NextDouble() * _cumulative[^1];
        for (var i = 0; i < _cumulative.Length - 1; i++)
        {
            if (u < _cumulative[i])
            {
                return _profile.Strata[i];
            }
        }

        return _profile.Strata[^1];
    }

    private double Scale() => 0.8 + (0.4 * _random.NextDouble());

    private void WriteNumber<T>(TextWriter writer, T value, string format)
        where T : ISpanFormattable
    {
        _ = value.TryFormat(_number, out var written, format, CultureInfo.InvariantCulture);
        writer.Write(_number, 0, written);
    }
}
