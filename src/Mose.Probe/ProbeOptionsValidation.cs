namespace Mose.Probe;

internal static class ProbeOptionsValidation
{
    public static void Validate(ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Address);
        if (options.Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be within 1..65535.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Interval, "Interval must be positive.");
        }

        if (options.Duration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Duration, "Duration must not be negative.");
        }
    }
}
