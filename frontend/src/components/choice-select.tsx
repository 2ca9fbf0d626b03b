import type { FieldControlProps } from "@/components/form-field";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { cn } from "@/lib/utils";

export interface Choice {
  value: string;
  label: string;
}

interface ChoiceSelectProps extends Partial<FieldControlProps> {
  value: string;
  onValueChange: (value: string) => void;
  choices: readonly Choice[];
  size?: "sm" | "default";
  className?: string;
}

/** A full-width select over labelled choices, wired to a FormField's ids and ARIA attributes. */
export function ChoiceSelect({
  value,
  onValueChange,
  choices,
  size,
  className,
  ...field
}: ChoiceSelectProps) {
  return (
    <Select value={value} onValueChange={onValueChange}>
      <SelectTrigger {...field} size={size} className={cn("w-full", className)}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {choices.map((choice) => (
          <SelectItem key={choice.value} value={choice.value}>
            {choice.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
