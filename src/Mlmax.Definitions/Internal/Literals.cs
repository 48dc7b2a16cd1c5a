namespace Mlmax.Definitions.Internal;

/// <summary>Brings C# values to the four literal types of a definition.</summary>
internal static class Literals
{
    /// <summary>Widens <see cref="int"/>, <see cref="short"/>, <see cref="float"/> and <see cref="decimal"/>; other values pass unchanged.</summary>
    public static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        _ => value,
    };
}
