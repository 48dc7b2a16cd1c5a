namespace Census.Steps.Data;

/// <summary>A stable 64-bit FNV-1a hash of a cleaned row, to drop duplicate rows in constant memory per row.</summary>
internal static class RowHash
{
    /// <summary>Hashes cleaned values (missing and empty hash differently).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The hash, the same in every process.</returns>
    public static ulong Of(IReadOnlyList<string?> values)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var value in values)
        {
            hash = Mix(hash, value is null ? '\u0001' : '\u0002');
            foreach (var c in value ?? "")
            {
                hash = Mix(hash, c);
            }

            hash = Mix(hash, '\u0000');
        }

        return hash;
    }

    private static ulong Mix(ulong hash, char c) => (hash ^ c) * 0x100000001B3UL;
}
