namespace Mlmax.Aws.SecureEnvironment;

/// <summary>The <c>Condition</c> of a policy statement, built from (operator, key, value) tests in the order given.</summary>
internal static class PolicyConditions
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Of(params (string Operator, string Key, object Value)[] tests)
    {
        var byOperator = new OrderedDictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.Ordinal);
        foreach (var (op, key, value) in tests)
        {
            if (!byOperator.TryGetValue(op, out var keys))
            {
                keys = new OrderedDictionary<string, object>(StringComparer.Ordinal);
                byOperator[op] = keys;
            }

            ((OrderedDictionary<string, object>)keys)[key] = value;
        }

        return byOperator;
    }
}
