namespace Mlmax.Aws.CloudFormation;

/// <summary>The properties of an <c>AWS::Logs::LogGroup</c>.</summary>
/// <param name="LogGroupName">Its name.</param>
/// <param name="RetentionInDays">How long entries are kept.</param>
/// <param name="KmsKeyId">The key encrypting the entries.</param>
public sealed record LogGroupProperties(object LogGroupName, object RetentionInDays, object KmsKeyId)
{
    /// <summary>Its tags.</summary>
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

/// <summary>The properties of an <c>AWS::StepFunctions::StateMachine</c>.</summary>
/// <param name="StateMachineName">Its name.</param>
/// <param name="RoleArn">The role it runs as.</param>
/// <param name="Definition">Its definition, with <c>${Name}</c> placeholders replaced from <paramref name="DefinitionSubstitutions"/>.</param>
/// <param name="DefinitionSubstitutions">The values of the placeholders, filled in by CloudFormation at deploy time.</param>
/// <param name="LoggingConfiguration">Where execution events are logged.</param>
/// <param name="EncryptionConfiguration">The key encrypting execution data.</param>
public sealed record StateMachineProperties(
    object StateMachineName,
    object RoleArn,
    object Definition,
    IReadOnlyDictionary<string, object> DefinitionSubstitutions,
    LoggingConfiguration LoggingConfiguration,
    EncryptionConfiguration EncryptionConfiguration)
{
    /// <summary>Standard: exactly-once, up to a year, with execution history.</summary>
    public string StateMachineType => "STANDARD";

    /// <summary>Its tags.</summary>
    public IReadOnlyList<StateMachineTag>? Tags { get; init; }
}

/// <summary>Logging of a state machine.</summary>
/// <param name="Destinations">The log groups.</param>
public sealed record LoggingConfiguration(IReadOnlyList<LogDestination> Destinations)
{
    /// <summary>Every event.</summary>
    public string Level => "ALL";

    /// <summary>Events carry no state data: inputs and parameters stay out of the logs.</summary>
    public bool IncludeExecutionData => false;
}

/// <summary>A log destination.</summary>
/// <param name="CloudWatchLogsLogGroup">The log group.</param>
public sealed record LogDestination(LogGroupReference CloudWatchLogsLogGroup);

/// <summary>A log group by ARN.</summary>
/// <param name="LogGroupArn">Its ARN.</param>
public sealed record LogGroupReference(object LogGroupArn);

/// <summary>Encryption of a state machine's data with a customer managed key.</summary>
/// <param name="KmsKeyId">The key.</param>
public sealed record EncryptionConfiguration(object KmsKeyId)
{
    /// <summary>The key type.</summary>
    public string Type => "CUSTOMER_MANAGED_KMS_KEY";

    /// <summary>How long a data key is reused, in seconds.</summary>
    public int KmsDataKeyReusePeriodSeconds => 300;
}

/// <summary>A state machine tag (its own shape: <c>Key</c>, <c>Value</c>).</summary>
/// <param name="Key">Its key.</param>
/// <param name="Value">Its value.</param>
public sealed record StateMachineTag(string Key, object Value);
