using System.Text.Json;
using System.Text.RegularExpressions;
using Mlmax.Aws.SecureEnvironment;

namespace Mlmax.Aws.Tests;

/// <summary>The environment template holds together: every reference resolves, conditions line up, no wildcard grants,
/// and the outputs are the ones <c>mlmax aws deploy --env-stack</c> reads.</summary>
public sealed partial class EnvironmentIntegrityTests
{
    private static readonly EnvironmentTemplate Census = EnvironmentTemplate.Of("census");

    private static HashSet<string> Names(string section) =>
        Census.Root.TryGetProperty(section, out var s) ? [.. s.EnumerateObject().Select(p => p.Name)] : [];

    [Fact]
    public void Build_References_AllTargetsExist()
    {
        var parameters = Names("Parameters");
        var resources = Names("Resources");
        var conditions = Names("Conditions");
        var problems = new List<string>();
        foreach (var e in EnvironmentTemplate.Descendants(Census.Root).Where(e => e.ValueKind == JsonValueKind.Object))
        {
            if (e.TryGetProperty("Ref", out var r) && !(parameters.Contains(r.GetString()!) || resources.Contains(r.GetString()!) || r.GetString()!.StartsWith("AWS::", StringComparison.Ordinal)))
            {
                problems.Add($"Ref {r}");
            }

            if (e.TryGetProperty("Fn::GetAtt", out var g) && !resources.Contains(g[0].GetString()!))
            {
                problems.Add($"GetAtt {g}");
            }

            if (e.TryGetProperty("Fn::Sub", out var s))
            {
                problems.AddRange(SubVariable().Matches(s.GetString()!).Select(m => m.Groups[1].Value)
                    .Where(v => !(parameters.Contains(v) || resources.Contains(v.Split('.')[0]) || v.StartsWith("AWS::", StringComparison.Ordinal)))
                    .Select(v => $"Sub ${{{v}}}"));
            }

            if (e.TryGetProperty("Fn::If", out var f) && !conditions.Contains(f[0].GetString()!))
            {
                problems.Add($"If {f[0]}");
            }
        }

        foreach (var resource in Census.Resources.EnumerateObject())
        {
            if (resource.Value.TryGetProperty("Condition", out var c) && !conditions.Contains(c.GetString()!))
            {
                problems.Add($"{resource.Name}: condition {c}");
            }

            if (resource.Value.TryGetProperty("DependsOn", out var d))
            {
                problems.AddRange(d.EnumerateArray().Where(x => !resources.Contains(x.GetString()!)).Select(x => $"{resource.Name}: DependsOn {x}"));
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Build_ConditionalResources_ReferencedOnlyUnderTheirCondition()
    {
        var conditionOf = Census.Resources.EnumerateObject()
            .Where(r => r.Value.TryGetProperty("Condition", out _))
            .ToDictionary(r => r.Name, r => r.Value.GetProperty("Condition").GetString()!);
        var problems = new List<string>();
        void Walk(JsonElement e, string owner, HashSet<string> holding)
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Fn::If", out var f))
            {
                Walk(f[1], owner, [.. holding, f[0].GetString()!]);
                Walk(f[2], owner, holding);
                return;
            }

            foreach (var target in Targets(e).Where(t => conditionOf.ContainsKey(t) && !holding.Contains(conditionOf[t])))
            {
                problems.Add($"{owner} -> {target} (needs {conditionOf[target]})");
            }

            var children = e.ValueKind switch
            {
                JsonValueKind.Object => e.EnumerateObject().Select(p => p.Value),
                JsonValueKind.Array => e.EnumerateArray(),
                _ => [],
            };
            foreach (var child in children)
            {
                Walk(child, owner, holding);
            }
        }

        foreach (var section in new[] { "Resources", "Outputs" })
        {
            foreach (var item in Census.Root.GetProperty(section).EnumerateObject())
            {
                HashSet<string> holding = item.Value.TryGetProperty("Condition", out var c) ? [c.GetString()!] : [];
                Walk(item.Value, item.Name, holding);
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Build_PolicyStatements_NoWildcardAllowAndNoStarAction()
    {
        var statements = Census.Statements().ToList();

        Assert.True(statements.Count > 20);
        Assert.All(statements, s => Assert.DoesNotContain("*", EnvironmentTemplate.Strings(s.GetProperty("Action"))));
        Assert.All(statements.Where(s => s.GetProperty("Effect").GetString() == "Allow"), s =>
            Assert.All(EnvironmentTemplate.Strings(s.GetProperty("Action")), a => Assert.DoesNotContain("*", a, StringComparison.Ordinal)));
    }

    [Fact]
    public void Build_Outputs_TheOnesDeployReads()
    {
        var outputs = Census.Root.GetProperty("Outputs");
        var subnets = outputs.GetProperty("PrivateSubnetIds").GetProperty("Value").GetProperty("Fn::Join");

        foreach (var name in new[] { "ArtifactBucket", "KmsKeyArn", "PrivateSubnetIds", "JobSecurityGroupId", "VpcId" })
        {
            Assert.False(outputs.GetProperty(name).TryGetProperty("Condition", out _), name);
        }

        Assert.True(EnvironmentTemplate.IsRef(outputs.GetProperty("ArtifactBucket").GetProperty("Value"), "ProjectBucket"));
        Assert.Equal(",", subnets[0].GetString());
        Assert.Equal(["PrivateSubnetA", "PrivateSubnetB"], subnets[1].EnumerateArray().Select(s => s.GetProperty("Ref").GetString()));
        Assert.True(EnvironmentTemplate.IsGetAtt(outputs.GetProperty("JobSecurityGroupId").GetProperty("Value"), "JobSecurityGroup", "GroupId"));
        Assert.Equal("WithNotebook", outputs.GetProperty("NotebookInstanceName").GetProperty("Condition").GetString());
        Assert.Equal("WithDevInstance", outputs.GetProperty("DevInstanceId").GetProperty("Condition").GetString());
    }

    [Fact]
    public void Build_Parameters_CidrsAndTypesConstrainedWithDefaults()
    {
        var parameters = Census.Root.GetProperty("Parameters");

        foreach (var (name, good, bad) in new[] { ("VpcCidr", "10.20.0.0/16", "10.20.0.0"), ("PrivateSubnetACidr", "10.20.0.0/20", "300.1.1.1/20"), ("DevInstanceType", "t3.medium", "t3 medium"), ("NotebookInstanceType", "ml.t3.medium", "t3.medium") })
        {
            var pattern = parameters.GetProperty(name).GetProperty("AllowedPattern").GetString()!;
            Assert.Matches(pattern, good);
            Assert.DoesNotMatch(pattern, bad);
            Assert.Matches(pattern, parameters.GetProperty(name).GetProperty("Default").GetString()!);
        }

        Assert.Equal("mlmax/census", parameters.GetProperty("ArtifactPrefix").GetProperty("Default").GetString());
        Assert.All(new[] { "CreateNotebook", "CreateDevInstance", "AccessLogging" }, t => Assert.Equal(2, parameters.GetProperty(t).GetProperty("AllowedValues").GetArrayLength()));
    }

    [Theory]
    [InlineData("Census")]
    [InlineData("1census")]
    [InlineData("cen sus")]
    [InlineData("")]
    public void EnvironmentNames_NotAProjectName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new EnvironmentNames(name));

    [Fact]
    public void EnvironmentNames_Underscore_DashesInAwsNamesTagKeepsName()
    {
        var names = new EnvironmentNames("fraud_model");

        Assert.Equal("alias/mlmax-fraud-model", names.KeyAlias);
        Assert.Equal("mlmax-fraud-model-*", names.StateMachines);
        Assert.Equal("mlmax/fraud_model", names.ArtifactPrefix);
        Assert.Equal("fraud_model", names.Tags()[0].Value);
    }

    private static IEnumerable<string> Targets(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (e.TryGetProperty("Ref", out var r))
        {
            yield return r.GetString()!;
        }

        if (e.TryGetProperty("Fn::GetAtt", out var g))
        {
            yield return g[0].GetString()!;
        }

        if (e.TryGetProperty("Fn::Sub", out var s))
        {
            foreach (Match m in SubVariable().Matches(s.GetString()!))
            {
                yield return m.Groups[1].Value.Split('.')[0];
            }
        }
    }

    [GeneratedRegex(@"\$\{([^}!][^}]*)\}")]
    private static partial Regex SubVariable();
}
