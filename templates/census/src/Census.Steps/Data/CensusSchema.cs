namespace Census.Steps.Data;

/// <summary>
/// The 42 columns of the KDD Census-Income data, in file order. Values in the raw files have a leading space,
/// <c>?</c> means missing, and the label <c>income</c> is <c> - 50000.</c> or <c> 50000+.</c> (true: 50000+).
/// </summary>
internal static class CensusSchema
{
    /// <summary>The label's header.</summary>
    public const string LabelHeader = "income";

    /// <summary>The label's value for incomes above 50000 (trimmed), the positive class.</summary>
    public const string PositiveLabel = "50000+.";

    /// <summary>The label's value for incomes below 50000 (trimmed).</summary>
    public const string NegativeLabel = "- 50000.";

    /// <summary>The columns in file order; the last one is the label.</summary>
    public static IReadOnlyList<CensusColumn> Columns { get; } =
    [
        new("age", nameof(CensusRecord.Age), ColumnKind.Numeric),
        new("class of worker", nameof(CensusRecord.ClassOfWorker), ColumnKind.Categorical),
        new("detailed industry recode", nameof(CensusRecord.DetailedIndustryRecode), ColumnKind.Categorical),
        new("detailed occupation recode", nameof(CensusRecord.DetailedOccupationRecode), ColumnKind.Categorical),
        new("education", nameof(CensusRecord.Education), ColumnKind.Categorical),
        new("wage per hour", nameof(CensusRecord.WagePerHour), ColumnKind.Numeric),
        new("enroll in edu inst last wk", nameof(CensusRecord.EnrollInEduInstLastWk), ColumnKind.Categorical),
        new("marital stat", nameof(CensusRecord.MaritalStat), ColumnKind.Categorical),
        new("major industry code", nameof(CensusRecord.MajorIndustryCode), ColumnKind.Categorical),
        new("major occupation code", nameof(CensusRecord.MajorOccupationCode), ColumnKind.Categorical),
        new("race", nameof(CensusRecord.Race), ColumnKind.Categorical),
        new("hispanic origin", nameof(CensusRecord.HispanicOrigin), ColumnKind.Categorical),
        new("sex", nameof(CensusRecord.Sex), ColumnKind.Categorical),
        new("member of a labor union", nameof(CensusRecord.MemberOfALaborUnion), ColumnKind.Categorical),
        new("reason for unemployment", nameof(CensusRecord.ReasonForUnemployment), ColumnKind.Categorical),
        new("full or part time employment stat", nameof(CensusRecord.FullOrPartTimeEmploymentStat), ColumnKind.Categorical),
        new("capital gains", nameof(CensusRecord.CapitalGains), ColumnKind.Numeric),
        new("capital losses", nameof(CensusRecord.CapitalLosses), ColumnKind.Numeric),
        new("dividends from stocks", nameof(CensusRecord.DividendsFromStocks), ColumnKind.Numeric),
        new("tax filer stat", nameof(CensusRecord.TaxFilerStat), ColumnKind.Categorical),
        new("region of previous residence", nameof(CensusRecord.RegionOfPreviousResidence), ColumnKind.Categorical),
        new("state of previous residence", nameof(CensusRecord.StateOfPreviousResidence), ColumnKind.Categorical),
        new("detailed household and family stat", nameof(CensusRecord.DetailedHouseholdAndFamilyStat), ColumnKind.Categorical),
        new("detailed household summary in household", nameof(CensusRecord.DetailedHouseholdSummaryInHousehold), ColumnKind.Categorical),
        new("instance weight", nameof(CensusRecord.InstanceWeight), ColumnKind.Weight),
        new("migration code-change in msa", nameof(CensusRecord.MigrationCodeChangeInMsa), ColumnKind.Categorical),
        new("migration code-change in reg", nameof(CensusRecord.MigrationCodeChangeInReg), ColumnKind.Categorical),
        new("migration code-move within reg", nameof(CensusRecord.MigrationCodeMoveWithinReg), ColumnKind.Categorical),
        new("live in this house 1 year ago", nameof(CensusRecord.LiveInThisHouse1YearAgo), ColumnKind.Categorical),
        new("migration prev res in sunbelt", nameof(CensusRecord.MigrationPrevResInSunbelt), ColumnKind.Categorical),
        new("num persons worked for employer", nameof(CensusRecord.NumPersonsWorkedForEmployer), ColumnKind.Numeric),
        new("family members under 18", nameof(CensusRecord.FamilyMembersUnder18), ColumnKind.Categorical),
        new("country of birth father", nameof(CensusRecord.CountryOfBirthFather), ColumnKind.Categorical),
        new("country of birth mother", nameof(CensusRecord.CountryOfBirthMother), ColumnKind.Categorical),
        new("country of birth self", nameof(CensusRecord.CountryOfBirthSelf), ColumnKind.Categorical),
        new("citizenship", nameof(CensusRecord.Citizenship), ColumnKind.Categorical),
        new("own business or self employed", nameof(CensusRecord.OwnBusinessOrSelfEmployed), ColumnKind.Categorical),
        new("fill inc questionnaire for veteran's admin", nameof(CensusRecord.FillIncQuestionnaireForVeteransAdmin), ColumnKind.Categorical),
        new("veterans benefits", nameof(CensusRecord.VeteransBenefits), ColumnKind.Categorical),
        new("weeks worked in year", nameof(CensusRecord.WeeksWorkedInYear), ColumnKind.Numeric),
        new("year", nameof(CensusRecord.Year), ColumnKind.Categorical),
        new(LabelHeader, nameof(CensusRecord.Label), ColumnKind.Label),
    ];

    /// <summary>The index of the label in <see cref="Columns"/>.</summary>
    public static int LabelIndex { get; } = Columns.Count - 1;

    /// <summary>The names of the numeric feature columns.</summary>
    public static IReadOnlyList<string> NumericFeatures { get; } = NamesOf(ColumnKind.Numeric);

    /// <summary>The names of the categorical feature columns.</summary>
    public static IReadOnlyList<string> CategoricalFeatures { get; } = NamesOf(ColumnKind.Categorical);

    /// <summary>The header line of a census CSV file.</summary>
    public static string HeaderLine { get; } = string.Join(',', Columns.Select(c => c.Header));

    /// <summary>Parses a cleaned label value.</summary>
    /// <param name="value">The trimmed value, or <see langword="null"/> when missing.</param>
    /// <returns>True for 50000+, false for below, <see langword="null"/> when missing or unknown.</returns>
    public static bool? ParseLabel(string? value) => value switch
    {
        PositiveLabel or "1" or "true" => true,
        NegativeLabel or "0" or "false" => false,
        _ => null,
    };

    private static string[] NamesOf(ColumnKind kind) =>
        Columns.Where(c => c.Kind == kind).Select(c => c.Name).ToArray();
}
