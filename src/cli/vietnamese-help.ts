// Commander's help and error texts in Vietnamese: staff read `--help` and the errors of
// a mistyped command, and "Usage:", "error: unknown option" mean nothing to many of them.
// Set on the program before its commands are added, so that every command inherits it.
import { Help, type Command } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tùy chọn:',
  'Commands:': 'Lệnh:',
  'Arguments:': 'Tham số:',
  'Global Options:': 'Tùy chọn chung:',
};

const ERRORS: [RegExp, string][] = [
  [/^error: unknown option '(.+?)'(?:\n\(Did you mean (.+)\?\))?/, "lỗi: không có tùy chọn '$1'"],
  [/^error: unknown command '(.+?)'(?:\n\(Did you mean (.+)\?\))?/, "lỗi: không có lệnh '$1'"],
  [/^error: missing required argument '(.+?)'/, "lỗi: thiếu tham số bắt buộc '$1'"],
  [/^error: option '(.+?)' argument missing/, "lỗi: tùy chọn '$1' cần một giá trị"],
  [/^error: required option '(.+?)' not specified/, "lỗi: thiếu tùy chọn bắt buộc '$1'"],
  [/^error: too many arguments.*/, 'lỗi: thừa tham số'],
];

export function translateError(text: string): string {
  for (const [pattern, vietnamese] of ERRORS) if (pattern.test(text)) return text.replace(pattern, vietnamese).replace(/\(Did you mean (.+)\?\)/, '(có phải ý bạn là $1?)');
  return text.replace(/^error:/, 'lỗi:');
}

export function useVietnameseHelp(program: Command): Command {
  return program
    .helpOption('-h, --help', 'hiển thị hướng dẫn của lệnh')
    .helpCommand('help [lệnh]', 'hiển thị hướng dẫn của một lệnh')
    .configureHelp({
      styleTitle: (title) => TITLES[title] ?? title,
      commandUsage(cmd) {
        return Help.prototype.commandUsage.call(this, cmd).replace('[options]', '[tùy chọn]').replace('[command]', '[lệnh]');
      },
      subcommandTerm(cmd) {
        return Help.prototype.subcommandTerm.call(this, cmd).replace('[options]', '[tùy chọn]');
      },
      optionDescription(option) {
        const extra = option.defaultValue !== undefined && !Array.isArray(option.defaultValue) ? ` (mặc định: ${JSON.stringify(option.defaultValue)})` : '';
        return `${option.description}${extra}`;
      },
    })
    .configureOutput({ outputError: (text, write) => write(translateError(text)) });
}
