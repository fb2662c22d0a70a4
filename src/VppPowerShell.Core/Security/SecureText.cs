using System;
using System.Runtime.InteropServices;
using System.Security;

namespace VppPowerShell.Core.Security;

/// <summary>A SecureString's text, read only at the moment it is used and the unmanaged copy zeroed at once.</summary>
internal static class SecureText
{
    public static string Reveal(SecureString secure)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
