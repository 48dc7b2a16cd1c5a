namespace Census.Steps.Data;

/// <summary>
/// A seeded xoshiro256** generator whose sequence never changes with the .NET version, unlike <see cref="Random"/>
/// (same seed, same bytes, on every machine and runtime).
/// </summary>
internal sealed class StableRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed.</param>
    public StableRandom(long seed)
    {
        var x = (ulong)seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>A uniform number in [0, 1) that depends only on <paramref name="seed"/> and <paramref name="index"/>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="index">The index, e.g. a row number.</param>
    /// <returns>The number.</returns>
    public static double At(long seed, long index)
    {
        var x = (ulong)seed ^ ((ulong)index * 0xD1B54A32D192ED03UL);
        return (SplitMix(ref x) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The next uniform number in [0, 1).</summary>
    /// <returns>The number.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>The next uniform integer in [0, <paramref name="count"/>).</summary>
    /// <param name="count">The number of possible values, positive.</param>
    /// <returns>The integer.</returns>
    public int Next(int count) => (int)((NextUInt64() >> 32) * (ulong)count >> 32);

    /// <summary>The next 64 random bits.</summary>
    /// <returns>The bits.</returns>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
