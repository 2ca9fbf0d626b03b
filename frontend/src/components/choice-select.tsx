import type { FieldControlProps } from "@/components/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export interface Choice {
  value: string;
  label: string;
}

interface ChoiceSelectProps extends FieldControlProps {
  value: string;
  onValueChange: (value: string) => void;
  choices: readonly Choice[];
}

/** A full-width select over labelled choices, wired to a FormField's ids and ARIA attributes. */
export function ChoiceSelect({ value, onValueChange, choices, ...field }: ChoiceSelectProps) {
  return (
    <Select value={value} onValueChange={onValueChange}>
      <SelectTrigger {...field} className="w-full">
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
