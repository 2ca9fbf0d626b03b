import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { THEME_STORAGE_KEY, ThemeProvider, useTheme } from "./theme";

function mockSystemTheme(dark: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches: dark,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  vi.stubGlobal("matchMedia", vi.fn(() => media));
  return {
    change(nextDark: boolean) {
      media.matches = nextDark;
      listeners.forEach((listener) => listener());
    },
  };
}

function Probe() {
  const { preference, resolvedTheme, toggle, setPreference } = useTheme();
  return (
    <div>
      <p>
        {preference}/{resolvedTheme}
      </p>
      <button onClick={toggle}>toggle</button>
      <button onClick={() => setPreference("system")}>system</button>
    </div>
  );
}

afterEach(() => document.documentElement.classList.remove("dark"));

describe("ThemeProvider", () => {
  it("follows the system preference until the user chooses", () => {
    const system = mockSystemTheme(true);
    render(<ThemeProvider><Probe /></ThemeProvider>);
    expect(screen.getByText("system/dark")).toBeInTheDocument();
    expect(document.documentElement).toHaveClass("dark");

    act(() => system.change(false));
    expect(screen.getByText("system/light")).toBeInTheDocument();
    expect(document.documentElement).not.toHaveClass("dark");
  });

  it("persists an explicit choice and restores it on the next visit", async () => {
    mockSystemTheme(false);
    const { unmount } = render(<ThemeProvider><Probe /></ThemeProvider>);
    await userEvent.click(screen.getByRole("button", { name: "toggle" }));
    expect(screen.getByText("dark/dark")).toBeInTheDocument();
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");
    unmount();

    render(<ThemeProvider><Probe /></ThemeProvider>);
    expect(screen.getByText("dark/dark")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "system" }));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(screen.getByText("system/light")).toBeInTheDocument();
  });
});
