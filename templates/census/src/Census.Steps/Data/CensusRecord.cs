using System.Globalization;

namespace Census.Steps.Data;

/// <summary>
/// One cleaned census row as ML.NET sees it: a property per column of <see cref="CensusSchema.Columns"/>,
/// numbers as <see cref="float"/> (missing: NaN), categories as text (missing: empty).
/// </summary>
internal sealed class CensusRecord
{
    /// <summary>The row's identifier: the id column's value, or the 0-based row number.</summary>
    public string Id { get; set; } = "";

    /// <summary>Column <c>age</c>.</summary>
    public float Age { get; set; }

    /// <summary>Column <c>class of worker</c>.</summary>
    public string ClassOfWorker { get; set; } = "";

    /// <summary>Column <c>detailed industry recode</c>.</summary>
    public string DetailedIndustryRecode { get; set; } = "";

    /// <summary>Column <c>detailed occupation recode</c>.</summary>
    public string DetailedOccupationRecode { get; set; } = "";

    /// <summary>Column <c>education</c>.</summary>
    public string Education { get; set; } = "";

    /// <summary>Column <c>wage per hour</c>.</summary>
    public float WagePerHour { get; set; }

    /// <summary>Column <c>enroll in edu inst last wk</c>.</summary>
    public string EnrollInEduInstLastWk { get; set; } = "";

    /// <summary>Column <c>marital stat</c>.</summary>
    public string MaritalStat { get; set; } = "";

    /// <summary>Column <c>major industry code</c>.</summary>
    public string MajorIndustryCode { get; set; } = "";

    /// <summary>Column <c>major occupation code</c>.</summary>
    public string MajorOccupationCode { get; set; } = "";

    /// <summary>Column <c>race</c>.</summary>
    public string Race { get; set; } = "";

    /// <summary>Column <c>hispanic origin</c>.</summary>
    public string HispanicOrigin { get; set; } = "";

    /// <summary>Column <c>sex</c>.</summary>
    public string Sex { get; set; } = "";

    /// <summary>Column <c>member of a labor union</c>.</summary>
    public string MemberOfALaborUnion { get; set; } = "";

    /// <summary>Column <c>reason for unemployment</c>.</summary>
    public string ReasonForUnemployment { get; set; } = "";

    /// <summary>Column <c>full or part time employment stat</c>.</summary>
    public string FullOrPartTimeEmploymentStat { get; set; } = "";

    /// <summary>Column <c>capital gains</c>.</summary>
    public float CapitalGains { get; set; }

    /// <summary>Column <c>capital losses</c>.</summary>
    public float CapitalLosses { get; set; }

    /// <summary>Column <c>dividends from stocks</c>.</summary>
    public float DividendsFromStocks { get; set; }

    /// <summary>Column <c>tax filer stat</c>.</summary>
    public string TaxFilerStat { get; set; } = "";

    /// <summary>Column <c>region of previous residence</c>.</summary>
    public string RegionOfPreviousResidence { get; set; } = "";

    /// <summary>Column <c>state of previous residence</c>.</summary>
    public string StateOfPreviousResidence { get; set; } = "";

    /// <summary>Column <c>detailed household and family stat</c>.</summary>
    public string DetailedHouseholdAndFamilyStat { get; set; } = "";

    /// <summary>Column <c>detailed household summary in household</c>.</summary>
    public string DetailedHouseholdSummaryInHousehold { get; set; } = "";

    /// <summary>Column <c>instance weight</c>.</summary>
    public float InstanceWeight { get; set; }

    /// <summary>Column <c>migration code-change in msa</c>.</summary>
    public string MigrationCodeChangeInMsa { get; set; } = "";

    /// <summary>Column <c>migration code-change in reg</c>.</summary>
    public string MigrationCodeChangeInReg { get; set; } = "";

    /// <summary>Column <c>migration code-move within reg</c>.</summary>
    public string MigrationCodeMoveWithinReg { get; set; } = "";

    /// <summary>Column <c>live in this house 1 year ago</c>.</summary>
    public string LiveInThisHouse1YearAgo { get; set; } = "";

    /// <summary>Column <c>migration prev res in sunbelt</c>.</summary>
    public string MigrationPrevResInSunbelt { get; set; } = "";

    /// <summary>Column <c>num persons worked for employer</c>.</summary>
    public float NumPersonsWorkedForEmployer { get; set; }

    /// <summary>Column <c>family members under 18</c>.</summary>
    public string FamilyMembersUnder18 { get; set; } = "";

    /// <summary>Column <c>country of birth father</c>.</summary>
    public string CountryOfBirthFather { get; set; } = "";

    /// <summary>Column <c>country of birth mother</c>.</summary>
    public string CountryOfBirthMother { get; set; } = "";

    /// <summary>Column <c>country of birth self</c>.</summary>
    public string CountryOfBirthSelf { get; set; } = "";

    /// <summary>Column <c>citizenship</c>.</summary>
    public string Citizenship { get; set; } = "";

    /// <summary>Column <c>own business or self employed</c>.</summary>
    public string OwnBusinessOrSelfEmployed { get; set; } = "";

    /// <summary>Column <c>fill inc questionnaire for veteran's admin</c>.</summary>
    public string FillIncQuestionnaireForVeteransAdmin { get; set; } = "";

    /// <summary>Column <c>veterans benefits</c>.</summary>
    public string VeteransBenefits { get; set; } = "";

    /// <summary>Column <c>weeks worked in year</c>.</summary>
    public float WeeksWorkedInYear { get; set; }

    /// <summary>Column <c>year</c>.</summary>
    public string Year { get; set; } = "";

    /// <summary>Column <c>income</c>: true for 50000+ (false when the label is missing).</summary>
    public bool Label { get; set; }

    /// <summary>Builds a record from cleaned values in <see cref="CensusSchema.Columns"/> order.</summary>
    /// <param name="values">The cleaned values (<see langword="null"/>: missing).</param>
    /// <param name="id">The row's identifier.</param>
    /// <returns>The record.</returns>
    public static CensusRecord From(IReadOnlyList<string?> values, string id) =>
        new()
        {
            Id = id,
            Age = Number(values[0]),
            ClassOfWorker = Text(values[1]),
            DetailedIndustryRecode = Text(values[2]),
            DetailedOccupationRecode = Text(values[3]),
            Education = Text(values[4]),
            WagePerHour = Number(values[5]),
            EnrollInEduInstLastWk = Text(values[6]),
            MaritalStat = Text(values[7]),
            MajorIndustryCode = Text(values[8]),
            MajorOccupationCode = Text(values[9]),
            Race = Text(values[10]),
            HispanicOrigin = Text(values[11]),
            Sex = Text(values[12]),
            MemberOfALaborUnion = Text(values[13]),
            ReasonForUnemployment = Text(values[14]),
            FullOrPartTimeEmploymentStat = Text(values[15]),
            CapitalGains = Number(values[16]),
            CapitalLosses = Number(values[17]),
            DividendsFromStocks = Number(values[18]),
            TaxFilerStat = Text(values[19]),
            RegionOfPreviousResidence = Text(values[20]),
            StateOfPreviousResidence = Text(values[21]),
            DetailedHouseholdAndFamilyStat = Text(values[22]),
            DetailedHouseholdSummaryInHousehold = Text(values[23]),
            InstanceWeight = Number(values[24]),
            MigrationCodeChangeInMsa = Text(values[25]),
            MigrationCodeChangeInReg = Text(values[26]),
            MigrationCodeMoveWithinReg = Text(values[27]),
            LiveInThisHouse1YearAgo = Text(values[28]),
            MigrationPrevResInSunbelt = Text(values[29]),
            NumPersonsWorkedForEmployer = Number(values[30]),
            FamilyMembersUnder18 = Text(values[31]),
            CountryOfBirthFather = Text(values[32]),
            CountryOfBirthMother = Text(values[33]),
            CountryOfBirthSelf = Text(values[34]),
            Citizenship = Text(values[35]),
            OwnBusinessOrSelfEmployed = Text(values[36]),
            FillIncQuestionnaireForVeteransAdmin = Text(values[37]),
            VeteransBenefits = Text(values[38]),
            WeeksWorkedInYear = Number(values[39]),
            Year = Text(values[40]),
            Label = CensusSchema.ParseLabel(values[CensusSchema.LabelIndex]) ?? false,
        };

    private static float Number(string? value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : float.NaN;

    private static string Text(string? value) => value ?? "";
}
