using Mlmax.Monitoring.Baselines;
using Mlmax.Monitoring.Measures;
using Mlmax.Monitoring.Profiles;

namespace Mlmax.Monitoring.Drift.Internal;

/// <summary>The drift of one categorical feature: missing rate, unseen categories, chi-square and Jensen-Shannon over the listed categories and <c>other</c>.</summary>
internal static class CategoricalDrift
{
    public static FeatureDrift Analyze(CategoricalBaseline baseline, CategoricalProfile? profile, long rows, FeatureThresholds thresholds, long minimumCount)
    {
        var present = profile?.Count ?? 0;
        var missing = profile?.Missing ?? rows;
        var check = new Crossings(present, minimumCount);
        var quality = Quality.Of(present, missing, rows, baseline.MissingRate);
        if (profile is { Unseen: { } unseen } && present > 0)
        {
            quality = quality with { Unseen = unseen, UnseenShare = (double)unseen / present, UnseenExamples = profile.UnseenExamples };
        }
        else if (profile is not null && baseline.Known is null)
        {
            check.Notes.Add($"the baseline does not list every training category of '{baseline.Name}' (no schema): unseen categories are not counted");
        }

        var status = FeatureStatus.Compared;
        var measures = new FeatureMeasures();
        FeatureDistribution? distribution = null;
        if (profile is null)
        {
            check.Notes.Add($"the batch has no column '{baseline.Name}': every value counts as missing");
            status = FeatureStatus.AbsentFromBatch;
        }
        else if (present == 0)
        {
            check.Notes.Add(rows == 0 ? "the batch has no rows" : $"every value of '{baseline.Name}' in the batch is missing");
            status = FeatureStatus.NoBatchValues;
        }
        else if (baseline.Count == 0)
        {
            check.Notes.Add($"the baseline has no values of '{baseline.Name}' to compare with");
            status = FeatureStatus.NotComparable;
        }
        else
        {
            var expected = baseline.BinCounts();
            var actual = profile.BinCounts();
            measures = new FeatureMeasures(ChiSquare: ChiSquareTest.Homogeneity(expected, actual), JsDistance: JensenShannon.Distance(expected, actual));
            distribution = new FeatureDistribution([.. baseline.Listed.Select(c => c.Value), "other"], expected, actual);
            check.NoteTooFew(baseline.Name);
            if (check.DistributionComparable)
            {
                check.Above("js_distance", measures.JsDistance, thresholds.JsDistance);
                check.Below("chi_square_p_value", measures.ChiSquare!.PValue, thresholds.ChiSquarePValue);
            }
        }

        check.Above("missing_rate_increase", quality.MissingRateChange, thresholds.MissingRateIncrease);
        check.Above("unseen_share", quality.UnseenShare, thresholds.UnseenShare);
        return new FeatureDrift(baseline.Name, FeatureKind.Categorical, status, quality, measures, check.Crossed, check.Notes) { Distribution = distribution };
    }
}
