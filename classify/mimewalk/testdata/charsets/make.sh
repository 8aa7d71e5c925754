#!/bin/sh
# Builds the charset fixtures with iconv (not with golang.org/x/text, which
# the native decoder uses, so the two are checked against each other).
# Each line of the table below is: file, the label a mail would carry,
# iconv's name for the charset, and the text (our own sentences). The
# encoded text goes to FILE; charsets.tsv lists file, label and the text in
# UTF-8 for the tests. Run it from this folder: sh make.sh
set -eu
: > charsets.tsv
while IFS='|' read -r file label iconvname text; do
	[ -n "$file" ] || continue
	printf '%s' "$text" | iconv -f UTF-8 -t "$iconvname" > "$file"
	printf '%s\t%s\t%s\n' "$file" "$label" "$text" >> charsets.tsv
done <<'TABLE'
iso-2022-jp.txt|ISO-2022-JP|ISO-2022-JP|宛先のメールアドレスが見つかりません（ユーザー不明）。
shift_jis.txt|Shift_JIS|SHIFT_JIS|メールボックスの容量を超えたため、配信できませんでした。
euc-jp.txt|EUC-JP|EUC-JP|このドメインは存在しません。送信者に返送します。
gb2312.txt|GB2312|GB2312|收件人地址不存在，邮件无法投递。
gbk.txt|GBK|GBK|对方邮箱已满，请稍后重试。
gb18030.txt|GB18030|GB18030|邮件被拒收：发件服务器在黑名单中。𠀀
big5.txt|Big5|BIG5|收件者信箱不存在，郵件無法送達。
euc-kr.txt|EUC-KR|EUC-KR|받는 사람의 주소를 찾을 수 없습니다.
ks_c_5601-1987.txt|ks_c_5601-1987|CP949|수신자의 메일함이 가득 찼습니다.
koi8-r.txt|KOI8-R|KOI8-R|Адрес получателя не найден, письмо не доставлено.
windows-1250.txt|windows-1250|CP1250|Příjemce nebyl nalezen; skrzynka odbiorcy jest pełna.
windows-1251.txt|windows-1251|CP1251|Почтовый ящик получателя переполнен.
windows-1252.txt|windows-1252|CP1252|Empfänger unbekannt – „Postfach voll“, coût 5 €.
windows-1253.txt|windows-1253|CP1253|Ο παραλήπτης δεν βρέθηκε.
windows-1254.txt|windows-1254|CP1254|Alıcı bulunamadı; posta kutusu dolu, şimdi değil.
iso-8859-1.txt|ISO-8859-1|ISO-8859-1|Adresse introuvable : boîte aux lettres pleine, señor.
iso-8859-2.txt|iso-8859-2|ISO-8859-2|Adresát neexistuje. Skrzynka odbiorcy jest pełna.
iso-8859-5.txt|ISO-8859-5|ISO-8859-5|Адресат неизвестен.
iso-8859-7.txt|ISO-8859-7|ISO-8859-7|Το γραμματοκιβώτιο είναι γεμάτο.
iso-8859-9.txt|ISO-8859-9|ISO-8859-9|Kullanıcı bulunamadı, ileti geri gönderildi.
iso-8859-15.txt|ISO-8859-15|ISO-8859-15|Boîte pleine, envoi refusé : 10 € dépassés.
utf-16.txt|UTF-16|UTF-16|Unzustellbar: Empfänger 未知 — 알 수 없음.
utf-16be.txt|UTF-16BE|UTF-16BE|Non remis : destinataire inconnu.
utf-16le.txt|UTF-16LE|UTF-16LE|No se puede entregar: buzón lleno.
TABLE
