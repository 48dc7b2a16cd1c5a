using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Measures;
using Mlmax.Monitoring.Profiles;

namespace Mlmax.Monitoring.Drift.Internal;

/// <summary>The drift of one numeric feature: missing rate, values outside the training range, PSI and Kolmogorov-Smirnov on the quantile bins.</summary>
internal static class NumericDrift
{
    public static FeatureDrift Analyze(NumericBaseline baseline, NumericProfile? profile, long rows, FeatureThresholds thresholds, long minimumCount)
    {
        var present = profile?.Count ?? 0;
        var missing = profile?.Missing ?? rows;
        var check = new Crossings(present, minimumCount);
        var quality = Quality.Of(present, missing, rows, baseline.MissingRate) with
        {
            NotANumber = profile?.NotANumber,
            Min = profile?.Min,
            Max = profile?.Max,
        };
        if (profile is not null && present > 0 && baseline.Min is not null)
        {
            var outside = profile.BelowRange + profile.AboveRange;
            quality = quality with { OutOfRange = outside, OutOfRangeShare = (double)outside / present, OutOfRangeExpected = baseline.ExpectedOutOfRangeShare };
        }

        var status = Status(baseline, profile, rows, check.Notes);
        var measures = new FeatureMeasures();
        FeatureDistribution? distribution = null;
        if (status == FeatureStatus.Compared)
        {
            var expected = baseline.Bins!.Counts;
            var actual = profile!.BinCounts!;
            measures = new FeatureMeasures(
                Psi: PopulationStabilityIndex.Compute(expected, actual),
                KolmogorovSmirnov: KolmogorovSmirnov.FromBins(expected, actual));
            distribution = FeatureDistribution.OfNumeric(baseline.Bins, actual);
            check.NoteTooFew(baseline.Name);
            if (check.DistributionComparable)
            {
                check.Above("psi", measures.Psi, thresholds.Psi);
                check.Below("ks_p_value", measures.KolmogorovSmirnov!.PValue, thresholds.KsPValue);
            }
        }

        check.Above("missing_rate_increase", quality.MissingRateChange, thresholds.MissingRateIncrease);
        check.Above("out_of_range_excess", quality.OutOfRangeShare - quality.OutOfRangeExpected, thresholds.OutOfRangeExcess);
        return new FeatureDrift(baseline.Name, FeatureKind.Numeric, status, quality, measures, check.Crossed, check.Notes) { Distribution = distribution };
    }

    private static FeatureStatus Status(NumericBaseline baseline, NumericProfile? profile, long rows, List<string> notes)
    {
        if (profile is null)
        {
            notes.Add($"the batch has no column '{baseline.Name}': every value counts as missing");
            return FeatureStatus.AbsentFromBatch;
        }

        if (profile.Count == 0)
        {
            notes.Add(rows == 0 ? "the batch has no rows" : $"every value of '{baseline.Name}' in the batch is missing");
            return FeatureStatus.NoBatchValues;
        }

        if (baseline.Count == 0)
        {
            notes.Add($"the baseline has no values of '{baseline.Name}' to compare with");
            return FeatureStatus.NotComparable;
        }

        if (baseline.Bins is null || profile.BinCounts is null)
        {
            notes.Add($"the baseline has no quantile bins for '{baseline.Name}': PSI and Kolmogorov-Smirnov are not computed; re-train to get drift of numeric features");
            return FeatureStatus.NotComparable;
        }

        return FeatureStatus.Compared;
    }
}
