using System.Text.RegularExpressions;

namespace Mose.Core.Services;

/// <summary>Rules for service and host names, which end up in interface and namespace names.</summary>
public static partial class ServiceNames
{
    /// <summary>Interface names are limited to 15 bytes; "s-" plus the service name must fit.</summary>
    public const int MaxLength = 12;

    /// <summary>Returns null when valid, else the reason.</summary>
    public static string? Validate(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !Pattern().IsMatch(name))
        {
            return $"'{name}' is not a valid name: use 1-{MaxLength} characters a-z, 0-9 and '-', " +
                "starting with a letter";
        }

        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex Pattern();
}
