namespace FloorServer;

/// <summary>
/// One census row as the census template's transform reads it: numbers as <see cref="float"/> (missing: NaN),
/// categories as text (missing: empty). The property names are the transform's input column names.
/// </summary>
public sealed class CensusRow
{
    public string Id { get; set; } = "";
    public float Age { get; set; }
    public string ClassOfWorker { get; set; } = "";
    public string DetailedIndustryRecode { get; set; } = "";
    public string DetailedOccupationRecode { get; set; } = "";
    public string Education { get; set; } = "";
    public float WagePerHour { get; set; }
    public string EnrollInEduInstLastWk { get; set; } = "";
    public string MaritalStat { get; set; } = "";
    public string MajorIndustryCode { get; set; } = "";
    public string MajorOccupationCode { get; set; } = "";
    public string Race { get; set; } = "";
    public string HispanicOrigin { get; set; } = "";
    public string Sex { get; set; } = "";
    public string MemberOfALaborUnion { get; set; } = "";
    public string ReasonForUnemployment { get; set; } = "";
    public string FullOrPartTimeEmploymentStat { get; set; } = "";
    public float CapitalGains { get; set; }
    public float CapitalLosses { get; set; }
    public float DividendsFromStocks { get; set; }
    public string TaxFilerStat { get; set; } = "";
    public string RegionOfPreviousResidence { get; set; } = "";
    public string StateOfPreviousResidence { get; set; } = "";
    public string DetailedHouseholdAndFamilyStat { get; set; } = "";
    public string DetailedHouseholdSummaryInHousehold { get; set; } = "";
    public float InstanceWeight { get; set; }
    public string MigrationCodeChangeInMsa { get; set; } = "";
    public string MigrationCodeChangeInReg { get; set; } = "";
    public string MigrationCodeMoveWithinReg { get; set; } = "";
    public string LiveInThisHouse1YearAgo { get; set; } = "";
    public string MigrationPrevResInSunbelt { get; set; } = "";
    public float NumPersonsWorkedForEmployer { get; set; }
    public string FamilyMembersUnder18 { get; set; } = "";
    public string CountryOfBirthFather { get; set; } = "";
    public string CountryOfBirthMother { get; set; } = "";
    public string CountryOfBirthSelf { get; set; } = "";
    public string Citizenship { get; set; } = "";
    public string OwnBusinessOrSelfEmployed { get; set; } = "";
    public string FillIncQuestionnaireForVeteransAdmin { get; set; } = "";
    public string VeteransBenefits { get; set; } = "";
    public float WeeksWorkedInYear { get; set; }
    public string Year { get; set; } = "";
    public bool Label { get; set; }

    /// <summary>Fills the row from the 41 feature fields of a census CSV line, in file order (trimmed; `?` and empty are missing).</summary>
    public void Fill(string[] f)
    {
        Age = N(f[0]); ClassOfWorker = T(f[1]); DetailedIndustryRecode = T(f[2]); DetailedOccupationRecode = T(f[3]);
        Education = T(f[4]); WagePerHour = N(f[5]); EnrollInEduInstLastWk = T(f[6]); MaritalStat = T(f[7]);
        MajorIndustryCode = T(f[8]); MajorOccupationCode = T(f[9]); Race = T(f[10]); HispanicOrigin = T(f[11]);
        Sex = T(f[12]); MemberOfALaborUnion = T(f[13]); ReasonForUnemployment = T(f[14]);
        FullOrPartTimeEmploymentStat = T(f[15]); CapitalGains = N(f[16]); CapitalLosses = N(f[17]);
        DividendsFromStocks = N(f[18]); TaxFilerStat = T(f[19]); RegionOfPreviousResidence = T(f[20]);
        StateOfPreviousResidence = T(f[21]); DetailedHouseholdAndFamilyStat = T(f[22]);
        DetailedHouseholdSummaryInHousehold = T(f[23]); InstanceWeight = N(f[24]); MigrationCodeChangeInMsa = T(f[25]);
        MigrationCodeChangeInReg = T(f[26]); MigrationCodeMoveWithinReg = T(f[27]); LiveInThisHouse1YearAgo = T(f[28]);
        MigrationPrevResInSunbelt = T(f[29]); NumPersonsWorkedForEmployer = N(f[30]); FamilyMembersUnder18 = T(f[31]);
        CountryOfBirthFather = T(f[32]); CountryOfBirthMother = T(f[33]); CountryOfBirthSelf = T(f[34]);
        Citizenship = T(f[35]); OwnBusinessOrSelfEmployed = T(f[36]); FillIncQuestionnaireForVeteransAdmin = T(f[37]);
        VeteransBenefits = T(f[38]); WeeksWorkedInYear = N(f[39]); Year = T(f[40]);
    }

    private static float N(string s)
    {
        var t = s.AsSpan().Trim();
        return float.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : float.NaN;
    }

    private static string T(string s)
    {
        var t = s.Trim();
        return t == "?" ? "" : t;
    }
}

/// <summary>What the model adds to a row.</summary>
public sealed class CensusPrediction
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}
