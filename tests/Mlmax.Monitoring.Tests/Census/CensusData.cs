using System.Globalization;

namespace Mlmax.Monitoring.Tests.Census;

/// <summary>The census sample, deliberately drifted.</summary>
internal static class CensusData
{
    /// <summary>Writes a copy of <paramref name="source"/> with every age +<paramref name="years"/> years and, when <paramref name="damaged"/>, a third of class of worker a category never seen and 30% of education blanked.</summary>
    public static void WriteDriftedCopy(string source, string target, int years = 25, bool damaged = true)
    {
        var lines = File.ReadAllLines(source);
        var header = lines[0].Split(',');
        int age = Array.IndexOf(header, "age"), worker = Array.IndexOf(header, "class of worker"), education = Array.IndexOf(header, "education");
        var drifted = lines.Skip(1).Where(l => !l.Contains('"', StringComparison.Ordinal)).Select((line, i) =>
        {
            var fields = line.Split(',');
            fields[age] = (double.Parse(fields[age], CultureInfo.InvariantCulture) + years).ToString(CultureInfo.InvariantCulture);
            fields[worker] = damaged && i % 3 == 0 ? " Interplanetary" : fields[worker];
            fields[education] = damaged && i % 10 < 3 ? " ?" : fields[education];
            return string.Join(',', fields);
        });
        File.WriteAllLines(target, [lines[0], .. drifted]);
    }
}
