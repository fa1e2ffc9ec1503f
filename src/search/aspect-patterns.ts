// The phrases that say which part of a procedure a question asks about ("mất bao lâu" is
// time, "lệ phí bao nhiêu" money…), on folded text with chat shorthand spelled out.

export const ASPECTS = ['time', 'money', 'documents', 'place', 'online', 'who', 'conditions', 'steps'] as const;
export type Aspect = (typeof ASPECTS)[number];

export const ASPECT_PATTERNS: Record<Aspect, RegExp> = {
  time: /\b(bao lau|bn ngay|bn lau|may ngay lam viec|may ngay|bao nhieu ngay|may hom|may tuan|bao nhieu lau|thoi gian|thoi han|khi nao (thi )?(co|xong|nhan|lay)|bao gio (thi )?(co|xong|nhan|lay)|lau khong|lau ko|lau k|mat may|trong vong|han chot|han cuoi|trong bao lau|den khi nao)\b/,
  money: /\b((het|mat|ton|tra|dong|nop) bn|bn tien|le phi|phi|bao nhieu tien|het bao nhieu|mat bao nhieu|ton bao nhieu|chi phi|mat tien|ton tien|tien (le )?phi|mien phi|co mat phi|tra phi|dong phi|nop phi|thue|tien su dung dat|gia bao nhieu|bao nhieu tien|het may)\b/,
  documents: /\b(giay to|ho so|can gi|can nhung gi|mang gi|mang theo|chuan bi|thanh phan|can nhung giay|mau don|to khai|can mang)\b/,
  place: /\b(o dau|noi nao|cho nao|noi nop|nop dau|lam dau|co quan nao|den dau|toi dau|dia chi|phong nao|nop tai|lam tai|o cho nao)\b/,
  online: /\b(online|truc tuyen|qua mang|tren mang|dich vu cong|vneid|tai nha|khong can den|qua app|ung dung|dien tu)\b/,
  who: /\b(ai (duoc|phai|co the|lam|di)|doi tuong|nguoi nao|lam thay|nho nguoi|uy quyen|di thay)\b/,
  conditions: /\b(dieu kien|co duoc khong|duoc khong|co bi|bat buoc|co can|co phai|truong hop nao|bao nhieu tuoi|du tuoi)\b/,
  steps: /\b(cac buoc|trinh tu|quy trinh|lam nhu the nao|lam the nao|lam sao|thu tuc (nhu )?the nao|buoc tiep theo|cach lam|huong dan)\b/,
};
